package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.spring.reactor.ReactorProtection;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.jspecify.annotations.Nullable;

/**
 * {@code @CircuitProtected} methods returning a Mono or a Flux, loaded only when Reactor is on the
 * classpath: each subscription is protected by {@link ReactorProtection}, and a failure its fallback
 * handles is replaced by the fallback's publisher.
 */
final class ReactorMethods {

    private ReactorMethods() {
    }

    /**
     * The handling for a Reactor return type, or null when the type is not Mono or Flux.
     *
     * @param returnType the protected method's return type
     * @param breaker    its breaker
     * @param fallback   its fallback, or null
     * @return the handling, or null
     */
    static @Nullable ProtectedMethod forReturnType(Class<?> returnType, CircuitBreaker breaker,
                                                  @Nullable FallbackMethod fallback) {
        if (Mono.class.isAssignableFrom(returnType)) {
            return new MonoMethod(breaker, fallback);
        }
        if (Flux.class.isAssignableFrom(returnType)) {
            return new FluxMethod(breaker, fallback);
        }
        return null;
    }

    /**
     * A Kotlin {@code suspend fun}: Spring calls it through advice as a publisher (a Mono, or a Flux for
     * a {@code suspend fun} returning a Flow), which each subscription protects; cancelling the coroutine
     * cancels the subscription, which records nothing.
     *
     * @param breaker its breaker
     * @return the handling
     */
    static ProtectedMethod forSuspendingFunction(CircuitBreaker breaker) {
        return new ProtectedMethod(breaker, null) {
            @Override
            @SuppressWarnings("unchecked")
            Object invoke(MethodInvocation call) throws Throwable {
                Object publisher = call.proceed();
                if (publisher instanceof Mono<?> mono) {
                    return ReactorProtection.protect(breaker, (Mono<Object>) mono);
                }
                if (publisher instanceof Flux<?> flux) {
                    return ReactorProtection.protect(breaker, (Flux<Object>) flux);
                }
                return publisher;
            }
        };
    }

    /**
     * A return type that Spring's {@link ReactiveAdapterRegistry} adapts to a stream, such as Kotlin's
     * {@code Flow}: each collection is protected as a Flux would be.
     *
     * @param adapter the return type's adapter
     * @param breaker its breaker
     * @return the handling
     */
    static ProtectedMethod forAdaptedStream(ReactiveAdapter adapter, CircuitBreaker breaker) {
        return new ProtectedMethod(breaker, null) {
            @Override
            Object invoke(MethodInvocation call) throws Throwable {
                Object stream = call.proceed();
                if (stream == null) {
                    return null;
                }
                return adapter.fromPublisher(ReactorProtection.protect(breaker, Flux.from(adapter.toPublisher(stream))));
            }
        };
    }

    private static final class MonoMethod extends ProtectedMethod {

        MonoMethod(CircuitBreaker breaker, @Nullable FallbackMethod fallback) {
            super(breaker, fallback);
        }

        @Override
        Object invoke(MethodInvocation call) throws Throwable {
            @SuppressWarnings("unchecked")
            Mono<Object> protectedMono = ReactorProtection.protect(breaker, (Mono<Object>) call.proceed());
            if (fallback == null) {
                return protectedMono;
            }
            return protectedMono.onErrorResume(fallback::handles,
                error -> this.<Mono<Object>>fallbackOr(call, error, Mono::error));
        }
    }

    private static final class FluxMethod extends ProtectedMethod {

        FluxMethod(CircuitBreaker breaker, @Nullable FallbackMethod fallback) {
            super(breaker, fallback);
        }

        @Override
        Object invoke(MethodInvocation call) throws Throwable {
            @SuppressWarnings("unchecked")
            Flux<Object> protectedFlux = ReactorProtection.protect(breaker, (Flux<Object>) call.proceed());
            if (fallback == null) {
                return protectedFlux;
            }
            return protectedFlux.onErrorResume(fallback::handles,
                error -> this.<Flux<Object>>fallbackOr(call, error, Flux::error));
        }
    }
}
