package dev.circuit.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Protects a method, or every public method of a class, with the named circuit breaker.
 *
 * <pre>{@code
 * @CircuitProtected(value = "database", fallbackMethod = "cachedOrder")
 * public Order findOrder(long id) { ... }
 *
 * Order cachedOrder(long id, CircuitOpenException rejected) { ... }
 * }</pre>
 *
 * <p>Return types: plain values and {@code void}; {@code CompletionStage}/{@code CompletableFuture},
 * whose outcome is recorded when they complete (a rejection then fails the returned stage); Reactor's
 * {@code Mono} and {@code Flux}, whose outcome is recorded on their terminal signal and whose
 * subscription is rejected while the circuit is open. Exceptions pass through unchanged; a rejected
 * call throws {@link dev.circuit.core.CircuitOpenException}.
 *
 * <p>The breaker must be configured under {@code circuit.breakers} (the predefined {@code database},
 * {@code kafka}, {@code health_check} and {@code metrics_export} always are), unless
 * {@code circuit.create-missing-breakers=true}. A missing breaker or fallback fails start-up.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface CircuitProtected {

    /**
     * The name of the circuit breaker.
     *
     * @return the breaker name
     */
    String value();

    /**
     * The name of a method of the same bean, called when the call is rejected or fails. It takes the
     * same parameters, optionally followed by one {@link Throwable} (or subtype: the most specific
     * match for the error wins; a fallback without one takes every error), and returns a type
     * assignable to the protected method's. An error no fallback takes is thrown unchanged.
     *
     * @return the fallback method name, or empty for none
     */
    String fallbackMethod() default "";
}
