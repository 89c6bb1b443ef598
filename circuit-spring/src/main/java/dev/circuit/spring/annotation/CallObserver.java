package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;

import java.util.concurrent.Callable;

/**
 * Observes protected calls of {@code @CircuitProtected} methods that return a plain value (tracing,
 * for instance). Without one, a call does no observation work at all.
 */
@FunctionalInterface
public interface CallObserver {

    /**
     * Makes the call, observed.
     *
     * @param breaker the call's breaker
     * @param call    the call through the breaker; it throws {@link dev.circuit.core.CircuitOpenException}
     *                when rejected
     * @param <T>     the result type
     * @return what the call returned
     * @throws Exception what the call threw, unchanged
     */
    <T> T observe(CircuitBreaker breaker, Callable<T> call) throws Exception;
}
