package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitState;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CLOSED: every call is permitted; outcomes feed the trip policies. This is the hot path: a permission
 * is a constant, a success is one read of the failure counter (written only when it was not zero
 * already) plus, with a rate policy, one ring-slot swap. No locks, no allocation.
 */
final class ClosedState extends BreakerState {

    private final AtomicInteger consecutiveFailures;
    private final SlidingWindow window;

    ClosedState(StateMachine machine, CircuitBreakerConfig config, int consecutiveFailures, SlidingWindow window) {
        super(machine, config);
        this.consecutiveFailures = new AtomicInteger(consecutiveFailures);
        this.window = window;
    }

    /** A fresh CLOSED state: no failures counted, an empty window. */
    static ClosedState fresh(StateMachine machine, CircuitBreakerConfig config) {
        return new ClosedState(machine, config, 0, SlidingWindow.forConfig(config, config.ticker()));
    }

    @Override
    CircuitState kind() {
        return CircuitState.CLOSED;
    }

    @Override
    int tryAcquire() {
        return PERMITTED;
    }

    @Override
    boolean wouldPermit() {
        return true;
    }

    @Override
    void onSuccess(long durationNanos) {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
        if (window != null) {
            boolean slow = isSlow(durationNanos);
            window.record(false, slow);
            if (slow) {
                checkRates(false, true);
            }
        }
    }

    @Override
    void onFailure(long durationNanos, Throwable error) {
        int failures = consecutiveFailures.incrementAndGet();
        int threshold = config.failureThreshold();
        if (threshold > 0 && failures >= threshold) {
            machine.open(this, 0, failures, failures + (failures == 1 ? " consecutive failure" : " consecutive failures"), error);
            return;
        }
        if (window != null) {
            boolean slow = isSlow(durationNanos);
            window.record(true, slow);
            checkRates(true, slow);
        }
    }

    /** Opens the circuit when a rate policy's threshold is reached; called after a failed or slow call. */
    private void checkRates(boolean failed, boolean slow) {
        int calls = window.calls();
        if (calls < config.effectiveMinimumCalls()) {
            return;
        }
        if (failed && config.failureRateThreshold() > 0) {
            double rate = (double) window.failures() / calls;
            if (rate >= config.failureRateThreshold()) {
                machine.open(this, 0, consecutiveFailures.get(), describe("failure rate", rate, config.failureRateThreshold(), calls), null);
                return;
            }
        }
        if (slow && config.slowCallRateThreshold() > 0) {
            double rate = (double) window.slowCalls() / calls;
            if (rate >= config.slowCallRateThreshold()) {
                machine.open(this, 0, consecutiveFailures.get(), describe("slow-call rate", rate, config.slowCallRateThreshold(), calls), null);
            }
        }
    }

    private static String describe(String what, double rate, double threshold, int calls) {
        return String.format(Locale.ROOT, "%s %.1f%% >= %.1f%% over %d calls", what, rate * 100, threshold * 100, calls);
    }

    @Override
    BreakerState reconfigured(CircuitBreakerConfig newConfig) {
        SlidingWindow kept = window != null && window.fits(newConfig) && newConfig.usesSlidingWindow()
            ? window : SlidingWindow.forConfig(newConfig, newConfig.ticker());
        return new ClosedState(machine, newConfig, consecutiveFailures.get(), kept);
    }

    @Override
    int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    @Override
    SlidingWindow window() {
        return window;
    }
}
