package dev.circuit.spring.cloud;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.spring.reactor.ReactorProtection;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Spring Cloud's {@link ReactiveCircuitBreakerFactory}, backed by circuit's registry like
 * {@link CircuitCloudBreakerFactory}. Each subscription asks for permission and is recorded on its
 * terminal signal, as {@code @CircuitProtected} methods returning a Mono or Flux are.
 */
public class CircuitReactiveCloudBreakerFactory
        extends ReactiveCircuitBreakerFactory<CircuitBreakerConfig, CircuitConfigBuilder> {

    private final CloudBreakers breakers;

    /**
     * Creates the factory.
     *
     * @param breakers where the breakers come from
     */
    public CircuitReactiveCloudBreakerFactory(CloudBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public ReactiveCircuitBreaker create(String id) {
        return create(id, null);
    }

    @Override
    public ReactiveCircuitBreaker create(String id, String groupName) {
        CircuitBreaker breaker = breakers.breaker(id, groupName, getConfigurations().get(id));
        return breaker == null ? Unprotected.INSTANCE : new Protected(breaker);
    }

    @Override
    protected CircuitConfigBuilder configBuilder(String id) {
        return new CircuitConfigBuilder(breakers.baseConfig(id, null));
    }

    @Override
    public void configureDefault(Function<String, CircuitBreakerConfig> defaultConfiguration) {
        breakers.configureDefault(defaultConfiguration);
    }

    @Override
    public void configure(Consumer<CircuitConfigBuilder> consumer, String... ids) {
        super.configure(consumer, ids);
        breakers.customized(ids, getConfigurations());
    }

    /** Subscriptions through a breaker: errors pass through unchanged, or go to the fallback. */
    private record Protected(CircuitBreaker breaker) implements ReactiveCircuitBreaker {

        @Override
        public <T> Mono<T> run(Mono<T> toRun) {
            return ReactorProtection.protect(breaker, toRun);
        }

        @Override
        public <T> Mono<T> run(Mono<T> toRun, Function<Throwable, Mono<T>> fallback) {
            return ReactorProtection.protect(breaker, toRun).onErrorResume(fallback);
        }

        @Override
        public <T> Flux<T> run(Flux<T> toRun) {
            return ReactorProtection.protect(breaker, toRun);
        }

        @Override
        public <T> Flux<T> run(Flux<T> toRun, Function<Throwable, Flux<T>> fallback) {
            return ReactorProtection.protect(breaker, toRun).onErrorResume(fallback);
        }
    }

    /** Subscriptions of an id past {@code circuit.spring-cloud.max-breakers}: no breaker, the fallback still applies. */
    private enum Unprotected implements ReactiveCircuitBreaker {
        INSTANCE;

        @Override
        public <T> Mono<T> run(Mono<T> toRun) {
            return toRun;
        }

        @Override
        public <T> Mono<T> run(Mono<T> toRun, Function<Throwable, Mono<T>> fallback) {
            return toRun.onErrorResume(fallback);
        }

        @Override
        public <T> Flux<T> run(Flux<T> toRun) {
            return toRun;
        }

        @Override
        public <T> Flux<T> run(Flux<T> toRun, Function<Throwable, Flux<T>> fallback) {
            return toRun.onErrorResume(fallback);
        }
    }
}
