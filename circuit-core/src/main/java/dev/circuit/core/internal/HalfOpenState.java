package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitEvent.Cause;
import dev.circuit.core.HalfOpenPolicy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * HALF_OPEN by {@link HalfOpenPolicy#PROBES}: at most {@code halfOpenMaxCalls} probes run at once, each holding a slot stamped with the
 * time it was taken. Enough successful probes close the circuit; a failed or slow probe re-opens it.
 *
 * <p>A probe that never reports back must not wedge the breaker: when every slot is taken and the
 * oldest stamp is older than {@code halfOpenProbeTimeout}, that probe counts as failed. A finishing
 * probe frees the oldest slot, so the stamps left are never older than the probes really in flight:
 * a slot can only time out when a real probe has been out for that long.
 *
 * <p>With a {@link dev.circuit.core.RecoveryProbe} configured, only the probe takes slots
 * ({@link #tryAcquireProbe()}); user calls are rejected, though they still notice a probe that timed out.
 */
final class HalfOpenState extends HalfOpen {

    private static final long FREE = Long.MIN_VALUE;

    private final AtomicLongArray slots;
    private final AtomicInteger successes = new AtomicInteger();

    /**
     * @param attempt             failed recoveries so far; a failed probe re-opens with {@code attempt + 1}
     * @param consecutiveFailures failures since the last success, kept for observation
     */
    HalfOpenState(StateMachine machine, CircuitBreakerConfig config, int attempt, int consecutiveFailures) {
        super(machine, config, attempt, consecutiveFailures);
        this.slots = new AtomicLongArray(config.halfOpenMaxCalls());
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, FREE);
        }
    }

    @Override
    int tryAcquire() {
        return advance() ? RETRY : takeSlot(config.recoveryProbe() == null);
    }

    @Override
    int tryAcquireProbe() {
        return advance() ? RETRY : takeSlot(true);
    }

    /**
     * Takes a free slot if allowed to; re-opens the circuit when every slot is taken and the oldest
     * probe timed out.
     */
    private int takeSlot(boolean mayTake) {
        long now = config.ticker().getAsLong();
        for (int i = 0; mayTake && i < slots.length(); i++) {
            if (slots.get(i) == FREE && slots.compareAndSet(i, FREE, now)) {
                return PERMITTED;
            }
        }
        int oldest = oldestTakenSlot();
        if (oldest >= 0 && now - slots.get(oldest) >= config.halfOpenProbeTimeout().toNanos()) {
            machine.open(this, Cause.PROBE, attempt + 1, consecutiveFailures,
                "probe did not complete within " + Durations.format(config.halfOpenProbeTimeout()), null);
            return RETRY;
        }
        return REJECTED;
    }

    @Override
    boolean wouldPermit() {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == FREE) {
                return true;
            }
        }
        return false;
    }

    @Override
    void onSuccess(long durationNanos) {
        if (isSlow(durationNanos)) {
            machine.open(this, Cause.PROBE, attempt + 1, consecutiveFailures, "probe was slow (" + durationNanos / 1_000_000 + " ms)", null);
            return;
        }
        freeOldestSlot();
        int done = successes.incrementAndGet();
        if (done >= config.successThreshold()) {
            machine.transition(this, ClosedState.fresh(machine, config), Cause.PROBE,
                done + (done == 1 ? " successful probe" : " successful probes"), null);
        }
    }

    @Override
    void onFailure(long durationNanos, Throwable error) {
        machine.open(this, Cause.PROBE, attempt + 1, consecutiveFailures + 1, "probe failed: " + StateMachine.describe(error), error);
    }

    @Override
    void onIgnored() {
        freeOldestSlot();
    }

    private void freeOldestSlot() {
        for (;;) {
            int oldest = oldestTakenSlot();
            if (oldest < 0) {
                return;
            }
            long stamp = slots.get(oldest);
            if (stamp != FREE && slots.compareAndSet(oldest, stamp, FREE)) {
                return;
            }
        }
    }

    private int oldestTakenSlot() {
        int oldest = -1;
        long oldestStamp = 0;
        for (int i = 0; i < slots.length(); i++) {
            long stamp = slots.get(i);
            if (stamp != FREE && (oldest < 0 || stamp - oldestStamp < 0)) {
                oldest = i;
                oldestStamp = stamp;
            }
        }
        return oldest;
    }
}
