package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitEvent.Cause;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CLOSED: every call is permitted; outcomes feed the trip policies. This is the hot path: a permission
 * is a constant, a success is one read of the failure counter (written only when it was not zero
 * already) plus, with a rate policy, one ring-slot swap and a read of the window's counts. No locks,
 * no allocation.
 *
 * <p>The rate policies are judged after every recorded outcome, as Resilience4j judges them: the
 * minimum number of calls may be reached by a success, and a time window may lose its old successes,
 * either of which can put a rate over its threshold without a new failure. The one exception costs
 * nothing to skip: when an outcome replaced the same outcome in a full count window, the counts are
 * those the last judgement saw, so the verdict cannot differ (a state made by a reconfiguration judges
 * its first outcome whatever it is, since its thresholds may be new).
 */
final class ClosedState extends BreakerState {

    private final AtomicInteger consecutiveFailures;
    private final SlidingWindow window;
    /** Adaptive throttling, or null when it is off (then a permission stays a constant). */
    private final AdaptiveThrottle throttle;
    /** Whether no outcome was judged yet under this state's configuration; a benign race costs one more look. */
    private boolean unjudged = true;

    ClosedState(StateMachine machine, CircuitBreakerConfig config, int consecutiveFailures, SlidingWindow window,
                AdaptiveThrottle throttle) {
        super(machine, config);
        this.consecutiveFailures = new AtomicInteger(consecutiveFailures);
        this.window = window;
        this.throttle = throttle;
    }

    /** A fresh CLOSED state: no failures counted, an empty window. */
    static ClosedState fresh(StateMachine machine, CircuitBreakerConfig config) {
        return new ClosedState(machine, config, 0, SlidingWindow.forConfig(config, config.ticker()),
            AdaptiveThrottle.forConfig(config));
    }

    @Override
    CircuitState kind() {
        return CircuitState.CLOSED;
    }

    @Override
    int tryAcquire() {
        return throttle == null || throttle.admit() ? PERMITTED : REJECTED;
    }

    /** A throttled call: built per rejection, since it says the probability at that moment. */
    @Override
    CircuitOpenException rejection() {
        return CircuitOpenException.throttled(machine.name(), throttle.probability(), config.instantSource().instant());
    }

    @Override
    double throttleProbability() {
        return throttle == null ? 0.0 : throttle.probability();
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
        if (throttle != null) {
            throttle.outcome(true);
        }
        if (window != null && (window.record(false, isSlow(durationNanos)) || unjudged)) {
            checkRates();
        }
    }

    @Override
    void onFailure(long durationNanos, Throwable error) {
        if (throttle != null) {
            throttle.outcome(false);
        }
        int failures = consecutiveFailures.incrementAndGet();
        int threshold = config.failureThreshold();
        if (threshold > 0 && failures >= threshold) {
            machine.open(this, Cause.POLICY, 0, failures, failures + (failures == 1 ? " consecutive failure" : " consecutive failures"), error);
            return;
        }
        if (window != null && (window.record(true, isSlow(durationNanos)) || unjudged)) {
            checkRates();
        }
    }

    /** Opens the circuit when a rate policy's threshold is reached; called after every recorded outcome. */
    private void checkRates() {
        if (unjudged) {
            unjudged = false;
        }
        int calls = window.calls();
        if (calls < config.effectiveMinimumCalls()) {
            return;
        }
        if (config.failureRateThreshold() > 0) {
            double rate = (double) window.failures() / calls;
            if (rate >= config.failureRateThreshold()) {
                machine.open(this, Cause.POLICY, 0, consecutiveFailures.get(), describe("failure rate", rate, config.failureRateThreshold(), calls), null);
                return;
            }
        }
        if (config.slowCallRateThreshold() > 0) {
            double rate = (double) window.slowCalls() / calls;
            if (rate >= config.slowCallRateThreshold()) {
                machine.open(this, Cause.POLICY, 0, consecutiveFailures.get(), describe("slow-call rate", rate, config.slowCallRateThreshold(), calls), null);
            }
        }
    }

    /**
     * The slow-call rate with the calls in flight past the slow-call duration counted as slow calls: they
     * join the window's calls until they end, when the window records them once, as their outcome says.
     */
    @Override
    boolean judgeSlowCallsInFlight(int slowInFlight) {
        if (window == null || config.slowCallRateThreshold() <= 0) {
            return false;
        }
        int calls = window.calls() + slowInFlight;
        if (calls < config.effectiveMinimumCalls()) {
            return false;
        }
        double rate = (double) (window.slowCalls() + slowInFlight) / calls;
        if (rate < config.slowCallRateThreshold()) {
            return false;
        }
        String reason = describe("slow-call rate", rate, config.slowCallRateThreshold(), calls) + ", "
            + slowInFlight + (slowInFlight == 1 ? " call" : " calls") + " in flight past "
            + Durations.format(config.slowCallDuration());
        machine.open(this, Cause.POLICY, 0, consecutiveFailures.get(), reason, null);
        return true;
    }

    private static String describe(String what, double rate, double threshold, int calls) {
        return String.format(Locale.ROOT, "%s %.1f%% >= %.1f%% over %d calls", what, rate * 100, threshold * 100, calls);
    }

    /** An ignored error: the dependency answered, which adaptive throttling counts as accepted. */
    @Override
    void onIgnored() {
        if (throttle != null) {
            throttle.outcome(true);
        }
    }

    /** A cancelled call: nothing answered it, so adaptive throttling does not count it. */
    @Override
    void onReleased() {
    }

    @Override
    BreakerState reconfigured(CircuitBreakerConfig newConfig) {
        SlidingWindow kept = window != null && window.fits(newConfig) && newConfig.usesSlidingWindow()
            ? window : SlidingWindow.forConfig(newConfig, newConfig.ticker());
        AdaptiveThrottle keptThrottle = throttle != null && throttle.fits(newConfig)
            ? throttle : AdaptiveThrottle.forConfig(newConfig);
        return new ClosedState(machine, newConfig, consecutiveFailures.get(), kept, keptThrottle);
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
