package dev.circuit.spring.reactor;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitOpenException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;

/**
 * Protection of Reactor's {@link Mono} and {@link Flux}, loaded only when Reactor is on the
 * classpath. Each subscription asks the breaker for permission (a rejection is an error signal) and
 * reports the terminal signal; a cancelled subscription, or one that ends with a
 * {@link CancellationException} (a cancelled coroutine), gives its permission back without an outcome.
 * Used by {@code @CircuitProtected} methods returning a Mono or Flux, by the {@code WebClient} filter
 * and by the Spring Cloud {@code ReactiveCircuitBreaker}.
 */
public final class ReactorProtection {

    private ReactorProtection() {
    }

    /**
     * Protects every subscription to a Mono.
     *
     * @param breaker the breaker
     * @param source  the protected call
     * @param <T>     the value type
     * @return a Mono that fails with {@link CircuitOpenException} when a subscription is rejected
     */
    public static <T> Mono<T> protect(CircuitBreaker breaker, Mono<T> source) {
        return protect(breaker, source, (value, durationNanos) -> breaker.onResult(durationNanos, value));
    }

    /**
     * Protects every subscription to a Mono, recording its value as the given recorder decides (an
     * HTTP response whose status makes it a failure, for instance); errors are recorded as errors.
     *
     * @param breaker the breaker
     * @param source  the protected call
     * @param onValue records the value and the call's duration in nanoseconds
     * @param <T>     the value type
     * @return a Mono that fails with {@link CircuitOpenException} when a subscription is rejected
     */
    public static <T> Mono<T> protect(CircuitBreaker breaker, Mono<T> source, ObjLongConsumer<T> onValue) {
        LongSupplier ticker = breaker.config().ticker();
        return Mono.defer(() -> {
            try {
                breaker.acquirePermission();
            } catch (CircuitOpenException rejected) {
                return Mono.error(rejected);
            }
            long start = ticker.getAsLong();
            return source
                .doOnSuccess(value -> onValue.accept(value, ticker.getAsLong() - start))
                .doOnError(error -> recordError(breaker, ticker.getAsLong() - start, error))
                .doOnCancel(breaker::releasePermission);
        });
    }

    /**
     * Protects every subscription to a Flux: the outcome is its completion or its error.
     *
     * @param breaker the breaker
     * @param source  the protected call
     * @param <T>     the element type
     * @return a Flux that fails with {@link CircuitOpenException} when a subscription is rejected
     */
    public static <T> Flux<T> protect(CircuitBreaker breaker, Flux<T> source) {
        LongSupplier ticker = breaker.config().ticker();
        return Flux.defer(() -> {
            try {
                breaker.acquirePermission();
            } catch (CircuitOpenException rejected) {
                return Flux.error(rejected);
            }
            long start = ticker.getAsLong();
            return source
                .doOnComplete(() -> breaker.onSuccess(ticker.getAsLong() - start))
                .doOnError(error -> recordError(breaker, ticker.getAsLong() - start, error))
                .doOnCancel(breaker::releasePermission);
        });
    }

    /**
     * Records an error signal. A {@link CancellationException} (a cancelled Kotlin coroutine, a
     * {@code withTimeout} included) is not an outcome of the dependency: the permission is given back.
     */
    private static void recordError(CircuitBreaker breaker, long durationNanos, Throwable error) {
        if (error instanceof CancellationException) {
            breaker.releasePermission();
        } else {
            breaker.onError(durationNanos, error);
        }
    }
}
