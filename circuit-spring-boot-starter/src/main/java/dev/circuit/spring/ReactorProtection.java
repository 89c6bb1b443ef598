package dev.circuit.spring;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitOpenException;
import org.aopalliance.intercept.MethodInvocation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.function.LongSupplier;
import java.util.function.ObjLongConsumer;

/**
 * Protection of Reactor's {@link Mono} and {@link Flux}, loaded only when Reactor is on the
 * classpath. Each subscription asks the breaker for permission (a rejection is an error signal) and
 * reports the terminal signal; a cancelled subscription gives its permission back without an outcome.
 * Used by {@code @CircuitProtected} methods returning a Mono or Flux, and by the Spring Cloud
 * {@code ReactiveCircuitBreaker}.
 */
public final class ReactorProtection {

    private ReactorProtection() {
    }

    /**
     * The handling for a Reactor return type, or null when the type is not Mono or Flux.
     *
     * @param returnType the protected method's return type
     * @param breaker    its breaker
     * @param fallback   its fallback, or null
     * @return the handling, or null
     */
    static ProtectedMethod forReturnType(Class<?> returnType, CircuitBreaker breaker, FallbackMethod fallback) {
        if (Mono.class.isAssignableFrom(returnType)) {
            return new MonoMethod(breaker, fallback);
        }
        if (Flux.class.isAssignableFrom(returnType)) {
            return new FluxMethod(breaker, fallback);
        }
        return null;
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
                .doOnError(error -> breaker.onError(ticker.getAsLong() - start, error))
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
                .doOnError(error -> breaker.onError(ticker.getAsLong() - start, error))
                .doOnCancel(breaker::releasePermission);
        });
    }

    private static final class MonoMethod extends ProtectedMethod {

        MonoMethod(CircuitBreaker breaker, FallbackMethod fallback) {
            super(breaker, fallback);
        }

        @Override
        Object invoke(MethodInvocation call) throws Throwable {
            @SuppressWarnings("unchecked")
            Mono<Object> protectedMono = protect(breaker, (Mono<Object>) call.proceed());
            if (fallback == null) {
                return protectedMono;
            }
            return protectedMono.onErrorResume(fallback::handles,
                error -> this.<Mono<Object>>fallbackOr(call, error, Mono::error));
        }
    }

    private static final class FluxMethod extends ProtectedMethod {

        FluxMethod(CircuitBreaker breaker, FallbackMethod fallback) {
            super(breaker, fallback);
        }

        @Override
        Object invoke(MethodInvocation call) throws Throwable {
            @SuppressWarnings("unchecked")
            Flux<Object> protectedFlux = protect(breaker, (Flux<Object>) call.proceed());
            if (fallback == null) {
                return protectedFlux;
            }
            return protectedFlux.onErrorResume(fallback::handles,
                error -> this.<Flux<Object>>fallbackOr(call, error, Flux::error));
        }
    }
}
