package dev.circuit.spring;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitOpenException;
import org.aspectj.lang.ProceedingJoinPoint;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.function.LongSupplier;

/**
 * Protection of Reactor's {@link Mono} and {@link Flux}, loaded only when Reactor is on the
 * classpath. The method runs as usual; each subscription asks the breaker for permission (a rejection
 * is an error signal) and reports the terminal signal; a cancelled subscription gives its permission
 * back without an outcome.
 */
final class ReactorProtection {

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

    private static final class MonoMethod extends ProtectedMethod {

        MonoMethod(CircuitBreaker breaker, FallbackMethod fallback) {
            super(breaker, fallback);
        }

        @Override
        Object invoke(ProceedingJoinPoint call) throws Throwable {
            @SuppressWarnings("unchecked")
            Mono<Object> source = (Mono<Object>) call.proceed();
            LongSupplier ticker = breaker.config().ticker();
            Mono<Object> protectedMono = Mono.defer(() -> {
                try {
                    breaker.acquirePermission();
                } catch (CircuitOpenException rejected) {
                    return Mono.error(rejected);
                }
                long start = ticker.getAsLong();
                return source
                    .doOnSuccess(value -> breaker.onResult(ticker.getAsLong() - start, value))
                    .doOnError(error -> breaker.onError(ticker.getAsLong() - start, error))
                    .doOnCancel(breaker::releasePermission);
            });
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
        Object invoke(ProceedingJoinPoint call) throws Throwable {
            @SuppressWarnings("unchecked")
            Flux<Object> source = (Flux<Object>) call.proceed();
            LongSupplier ticker = breaker.config().ticker();
            Flux<Object> protectedFlux = Flux.defer(() -> {
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
            if (fallback == null) {
                return protectedFlux;
            }
            return protectedFlux.onErrorResume(fallback::handles,
                error -> this.<Flux<Object>>fallbackOr(call, error, Flux::error));
        }
    }
}
