package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitEvent.Cause;
import dev.circuit.core.HalfOpenPolicy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HALF_OPEN by {@link HalfOpenPolicy#RATE}: {@code halfOpenMaxCalls} permits in all; once
 * {@code min(minimumCalls, halfOpenMaxCalls)} of those calls have completed, the failure and slow-call rates
 * of the calls so far decide between CLOSED and OPEN, as Resilience4j's HALF_OPEN does.
 *
 * <p>A permit that never comes back must not wedge the breaker: once every permit is taken and the
 * state is older than {@code halfOpenProbeTimeout}, the circuit re-opens.
 */
final class RateHalfOpenState extends HalfOpen {

    private static final int FIELD = 21;
    private static final long MASK = (1L << FIELD) - 1;

    private final AtomicInteger permits;
    /** Completed calls, failed ones and slow ones, in one word so that a judgement reads them together. */
    private final AtomicLong outcomes = new AtomicLong();

    RateHalfOpenState(StateMachine machine, CircuitBreakerConfig config, int attempt, int consecutiveFailures) {
        super(machine, config, attempt, consecutiveFailures);
        this.permits = new AtomicInteger(config.halfOpenMaxCalls());
    }

    @Override
    int tryAcquire() {
        if (advance()) {
            return RETRY;
        }
        return config.recoveryProbe() == null ? takePermit() : timedOut();
    }

    @Override
    int tryAcquireProbe() {
        return advance() ? RETRY : takePermit();
    }

    private int takePermit() {
        for (int left = permits.get(); left > 0; left = permits.get()) {
            if (permits.compareAndSet(left, left - 1)) {
                return PERMITTED;
            }
        }
        return timedOut();
    }

    /** Every permit is out: re-opens when the state outlived the probe timeout, rejects otherwise. */
    private int timedOut() {
        if (permits.get() == 0 && config.ticker().getAsLong() - enteredNanos >= config.halfOpenProbeTimeout().toNanos()) {
            machine.open(this, Cause.PROBE, attempt + 1, consecutiveFailures,
                "half-open calls did not complete within " + Durations.format(config.halfOpenProbeTimeout()), null);
            return RETRY;
        }
        return REJECTED;
    }

    @Override
    boolean wouldPermit() {
        return permits.get() > 0;
    }

    @Override
    void onSuccess(long durationNanos) {
        completed(false, isSlow(durationNanos));
    }

    @Override
    void onFailure(long durationNanos, Throwable error) {
        completed(true, isSlow(durationNanos));
    }

    @Override
    void onIgnored() {
        permits.incrementAndGet();
    }

    /**
     * Records a completed call and, once {@code min(minimumCalls, halfOpenMaxCalls)} calls have completed,
     * judges the calls so far: rates at or above a threshold re-open the circuit, rates below close it.
     */
    private void completed(boolean failure, boolean slowCall) {
        long now = outcomes.addAndGet(1L | (failure ? 1L << FIELD : 0) | (slowCall ? 1L << 2 * FIELD : 0));
        int calls = (int) (now & MASK);
        if (calls < Math.min(config.minimumCalls(), config.halfOpenMaxCalls())) {
            return;
        }
        int failures = (int) (now >>> FIELD & MASK);
        double failureRate = failures / (double) calls;
        double slowRate = (now >>> 2 * FIELD & MASK) / (double) calls;
        boolean anyRate = config.failureRateThreshold() > 0 || config.slowCallRateThreshold() > 0;
        String reason = "half-open calls: " + Math.round(failureRate * 100) + "% failed, "
            + Math.round(slowRate * 100) + "% slow";
        if (config.failureRateThreshold() > 0 && failureRate >= config.failureRateThreshold()
            || config.slowCallRateThreshold() > 0 && slowRate >= config.slowCallRateThreshold()
            || !anyRate && failures > 0) {
            machine.open(this, Cause.PROBE, attempt + 1, consecutiveFailures + failures, reason, null);
        } else {
            machine.transition(this, ClosedState.fresh(machine, config), Cause.PROBE, reason, null);
        }
    }
}
