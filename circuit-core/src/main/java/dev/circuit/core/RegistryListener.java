package dev.circuit.core;

/**
 * Hears when a {@link CircuitBreakerRegistry} gains, reconfigures or loses a breaker; a metrics
 * binder uses it to add and remove meters. Every method has an empty default.
 */
public interface RegistryListener {

    /**
     * A breaker was created in the registry.
     *
     * @param breaker the new breaker
     */
    default void onBreakerAdded(CircuitBreaker breaker) {
    }

    /**
     * A breaker of the registry got a new configuration.
     *
     * @param breaker the reconfigured breaker
     */
    default void onBreakerReconfigured(CircuitBreaker breaker) {
    }

    /**
     * A breaker was removed from the registry.
     *
     * @param breaker the removed breaker
     */
    default void onBreakerRemoved(CircuitBreaker breaker) {
    }
}
