package dev.circuit.core;

/**
 * The states a {@link CircuitBreaker} can be in.
 *
 * <p>{@link #CLOSED}, {@link #OPEN} and {@link #HALF_OPEN} are driven by the calls' outcomes;
 * {@link #FORCED_OPEN} and {@link #DISABLED} are set by an operator and stay until an operator
 * changes them.
 */
public enum CircuitState {
    /** Calls are permitted and their outcomes are measured against the trip policies. */
    CLOSED,
    /** Calls are rejected until the recovery timeout has passed (or an operator resets the breaker). */
    OPEN,
    /** A limited number of probe calls test whether the dependency has recovered. */
    HALF_OPEN,
    /** Calls are rejected until an operator changes the state. */
    FORCED_OPEN,
    /** Calls are always permitted and counted, but never open the circuit. */
    DISABLED;

    /**
     * Whether the circuit is open in this state, by itself or held open by an operator.
     *
     * @return true for {@link #OPEN} and {@link #FORCED_OPEN}
     */
    public boolean isOpen() {
        return this == OPEN || this == FORCED_OPEN;
    }
}
