package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;

/** Finds the breaker an annotation names. */
@FunctionalInterface
public interface BreakerLookup {

    /**
     * @param name            the breaker's name
     * @param createIfMissing whether a breaker nobody configured is made from the defaults, as Resilience4j
     *                        does for the names its annotation uses
     * @return the breaker
     * @throws RuntimeException when no breaker of that name is configured and none is created; its message
     *                          says so
     */
    CircuitBreaker breaker(String name, boolean createIfMissing);
}
