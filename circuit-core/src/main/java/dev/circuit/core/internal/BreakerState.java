package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;

import java.time.Instant;

/**
 * One state of a breaker, as an object: it decides on permissions and handles the outcomes of the
 * calls it permitted. A state never changes into another itself; it asks its {@link StateMachine},
 * which swaps states atomically, so every transition has one owner and happens once.
 *
 * <p>A state object may outlive its turn: a call permitted by it can finish after the breaker moved
 * on. Its outcome still goes to the state that permitted it, whose attempt to change state then fails
 * harmlessly.
 */
public abstract class BreakerState {

    /** {@link #tryAcquire()}: the call may go ahead. */
    static final int PERMITTED = 0;
    /** {@link #tryAcquire()}: the call is rejected with {@link #rejection()}. */
    static final int REJECTED = 1;
    /** {@link #tryAcquire()}: the state changed meanwhile; ask the new state. */
    static final int RETRY = 2;

    final StateMachine machine;
    final CircuitBreakerConfig config;

    BreakerState(StateMachine machine, CircuitBreakerConfig config) {
        this.machine = machine;
        this.config = config;
    }

    /** @return the state this object stands for, as named in transitions */
    abstract CircuitState kind();

    /** @return the state as users see it now; an OPEN circuit whose timeout passed reports HALF_OPEN */
    CircuitState circuitState() {
        return kind();
    }

    /** @return {@link #PERMITTED}, {@link #REJECTED} or {@link #RETRY} */
    abstract int tryAcquire();

    /**
     * Makes the transition that time alone made due, if any: an automatic move from OPEN to HALF_OPEN, or
     * the end of a HALF_OPEN state that outlived the maximum half-open duration.
     *
     * @return whether this state was due to end (it ended, by this call or by a racing one)
     */
    boolean advance() {
        return false;
    }

    /**
     * Judges the calls in flight that already run past the slow-call duration, counted as slow calls beside
     * those the window holds; only CLOSED decides anything on them.
     *
     * @param slowInFlight how many there are, at least 1
     * @return whether it decided to open the circuit
     */
    boolean judgeSlowCallsInFlight(int slowInFlight) {
        return false;
    }

    /** @return whether {@link #tryAcquire()} would permit a call now, without taking a permission */
    abstract boolean wouldPermit();

    /**
     * A permitted call succeeded. States that decide nothing on outcomes (OPEN, FORCED_OPEN, DISABLED:
     * their calls were permitted before the state began, or are only counted) keep this default; the
     * totals are kept by the {@link StateMachine}.
     */
    void onSuccess(long durationNanos) {
    }

    /** A permitted call failed with a recorded failure; see {@link #onSuccess(long)} for the default. */
    void onFailure(long durationNanos, Throwable error) {
    }

    /** A permitted call ended with an ignored error. */
    void onIgnored() {
    }

    /** A permitted call was cancelled before it had an outcome; frees what it held, like an ignored error. */
    void onReleased() {
        onIgnored();
    }

    /** @return the exception for a rejected call; only called after {@link #REJECTED} */
    CircuitOpenException rejection() {
        throw new IllegalStateException(circuitState() + " does not reject calls");
    }

    /** @return the same kind of state under a new configuration, keeping what still applies */
    abstract BreakerState reconfigured(CircuitBreakerConfig newConfig);

    /** @return failures since the last success */
    int consecutiveFailures() {
        return 0;
    }

    /** @return the sliding window, or null */
    SlidingWindow window() {
        return null;
    }

    /** @return the probability that adaptive throttling rejects a new call now; 0 outside CLOSED */
    double throttleProbability() {
        return 0.0;
    }

    /**
     * Asks for the slot of a recovery probe ({@link dev.circuit.core.CircuitBreaker#probeNow()}).
     *
     * @return {@link #PERMITTED}, {@link #REJECTED} (no probe is due) or {@link #RETRY}
     */
    int tryAcquireProbe() {
        return REJECTED;
    }

    /** @return when the circuit opened, or null */
    Instant openedAt() {
        return null;
    }

    /** @return when an OPEN circuit lets a probe through, or null */
    Instant nextAttemptAt() {
        return null;
    }

    /** @return whether a call that took this long counts as slow: longer than the slow-call duration */
    final boolean isSlow(long durationNanos) {
        return config.slowCallRateThreshold() > 0 && durationNanos > config.slowCallDuration().toNanos();
    }
}
