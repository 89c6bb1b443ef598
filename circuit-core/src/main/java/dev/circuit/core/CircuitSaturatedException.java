package dev.circuit.core;

/**
 * Thrown when a call is rejected because {@link CircuitBreakerConfig#maxConcurrentCalls()} calls are already in
 * flight: the call did not run. It is a {@link CircuitOpenException}, so code that handles rejections handles
 * this one too; {@link #nextAttemptAt()} is null, since a call may go ahead as soon as one in flight ends.
 */
public final class CircuitSaturatedException extends CircuitOpenException {

    private static final long serialVersionUID = 1L;

    private final int maxConcurrentCalls;

    /**
     * Creates the rejection.
     *
     * @param breakerName        the name of the rejecting breaker
     * @param state              the state the breaker was in
     * @param maxConcurrentCalls the cap that was reached
     */
    public CircuitSaturatedException(String breakerName, CircuitState state, int maxConcurrentCalls) {
        super("Circuit '" + breakerName + "' is saturated: " + maxConcurrentCalls + " calls in flight (max-concurrent-calls "
            + maxConcurrentCalls + "); call rejected, next attempt when one of them ends", breakerName, state, null);
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    /** @return the cap on calls in flight that was reached */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }
}
