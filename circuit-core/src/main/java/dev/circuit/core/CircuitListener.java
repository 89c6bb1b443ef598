package dev.circuit.core;

/**
 * Receives what happens in a breaker. Every method has an empty default, so implement only what you
 * need. Listeners run on the calling thread: keep them short, hand slow work (network, disk) to an
 * executor. An exception thrown by a listener never reaches the protected call; it is counted in
 * {@link CircuitMetrics#listenerErrors()}.
 */
public interface CircuitListener {

    /**
     * The breaker changed state.
     *
     * @param breaker    the breaker
     * @param transition the transition, with its reason
     */
    default void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
    }

    /**
     * A call succeeded.
     *
     * @param breaker       the breaker
     * @param durationNanos how long the call took
     */
    default void onSuccess(CircuitBreaker breaker, long durationNanos) {
    }

    /**
     * A call failed and the failure was recorded.
     *
     * @param breaker       the breaker
     * @param durationNanos how long the call took
     * @param error         the failure ({@link FailedResultException} for a result marked as failure)
     * @param category      the failure's category
     */
    default void onFailure(CircuitBreaker breaker, long durationNanos, Throwable error, ErrorCategory category) {
    }

    /**
     * A call failed with an error that counts as neither success nor failure.
     *
     * @param breaker       the breaker
     * @param durationNanos how long the call took
     * @param error         the ignored error
     */
    default void onIgnoredError(CircuitBreaker breaker, long durationNanos, Throwable error) {
    }

    /**
     * A call was rejected.
     *
     * @param breaker the breaker
     */
    default void onRejected(CircuitBreaker breaker) {
    }

    /**
     * An operator (the endpoint, or the application's own code through {@link CircuitBreaker#transitionTo}
     * and its shortcuts) asked for a state. Heard whether or not the circuit changed state: a reset of a
     * CLOSED circuit is still an action, which fleet mode passes on to the other instances.
     *
     * @param breaker the breaker
     * @param target  the state asked for
     * @param reason  why, as given
     */
    default void onOperatorAction(CircuitBreaker breaker, CircuitState target, String reason) {
    }
}
