package dev.circuit.core;

import java.time.Instant;

/**
 * Thrown when a {@link CircuitBreaker} rejects a call. It carries the breaker's name, its state and
 * when the next call may be attempted. A call rejected because too many calls are in flight gets the subclass
 * {@link CircuitSaturatedException}. It has no stack trace, so rejecting a call is cheap; a breaker
 * may throw the same instance for every rejection of one open period.
 */
public class CircuitOpenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String breakerName;
    private final CircuitState state;
    private final Instant nextAttemptAt;

    /**
     * Creates a rejection.
     *
     * @param breakerName   the name of the rejecting breaker
     * @param state         the state the breaker was in
     * @param nextAttemptAt when a call may be attempted again, or null when only an operator can
     *                      close the circuit (manual recovery, forced open)
     */
    public CircuitOpenException(String breakerName, CircuitState state, Instant nextAttemptAt) {
        this(message(breakerName, state, nextAttemptAt), breakerName, state, nextAttemptAt);
    }

    /**
     * Creates a rejection with its own message, for the kinds of rejection that subclasses stand for.
     *
     * @param message       the message
     * @param breakerName   the name of the rejecting breaker
     * @param state         the state the breaker was in
     * @param nextAttemptAt when a call may be attempted again, or null when that is not known
     */
    protected CircuitOpenException(String message, String breakerName, CircuitState state, Instant nextAttemptAt) {
        super(message, null, false, false);
        this.breakerName = breakerName;
        this.state = state;
        this.nextAttemptAt = nextAttemptAt;
    }

    /**
     * A call that adaptive throttling rejected while the circuit is CLOSED.
     *
     * @param breakerName the name of the rejecting breaker
     * @param probability the probability of a rejection at that moment
     * @param now         now: a new call may be attempted at once
     * @return the rejection
     */
    public static CircuitOpenException throttled(String breakerName, double probability, Instant now) {
        return new CircuitOpenException(String.format(java.util.Locale.ROOT,
            "Circuit '%s' is CLOSED; call throttled (rejection probability %.2f), next attempt at %s",
            breakerName, probability, now), breakerName, CircuitState.CLOSED, now);
    }

    /**
     * The name of the breaker that rejected the call.
     *
     * @return the breaker name
     */
    public String breakerName() {
        return breakerName;
    }

    /**
     * The state the breaker was in when it rejected the call.
     *
     * @return {@link CircuitState#OPEN}, {@link CircuitState#HALF_OPEN} (all probe slots taken) or
     *     {@link CircuitState#FORCED_OPEN}
     */
    public CircuitState state() {
        return state;
    }

    /**
     * When a call may be attempted again.
     *
     * @return the instant, or null when only an operator can close the circuit, or when the call was
     *     rejected because too many calls are in flight ({@link CircuitSaturatedException})
     */
    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    private static String message(String name, CircuitState state, Instant next) {
        String prefix = "Circuit '" + name + "' is " + state + "; call rejected";
        if (next != null) {
            return prefix + ", next attempt at " + next;
        }
        return prefix + ", waiting for an operator to reset it";
    }
}
