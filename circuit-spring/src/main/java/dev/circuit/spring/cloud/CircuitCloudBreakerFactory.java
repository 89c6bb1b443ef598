package dev.circuit.spring.cloud;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Spring Cloud's {@link CircuitBreakerFactory}, backed by circuit's registry: what OpenFeign (and any
 * code written against Spring Cloud CircuitBreaker) calls. See {@link CloudBreakers} for how an id
 * finds its breaker and configuration. Customisers ({@link #configure(Consumer, String...)},
 * {@link #configureDefault(Function)}) work as Spring Cloud documents them, on top of the
 * {@code circuit.*} properties.
 */
public class CircuitCloudBreakerFactory extends CircuitBreakerFactory<CircuitBreakerConfig, CircuitConfigBuilder> {

    private final CloudBreakers breakers;

    /**
     * Creates the factory.
     *
     * @param breakers where the breakers come from
     */
    public CircuitCloudBreakerFactory(CloudBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public org.springframework.cloud.client.circuitbreaker.CircuitBreaker create(String id) {
        return create(id, null);
    }

    @Override
    public org.springframework.cloud.client.circuitbreaker.CircuitBreaker create(String id, String groupName) {
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

    /** A call through a breaker: exceptions pass through unchanged, or go to the fallback. */
    private record Protected(CircuitBreaker breaker) implements org.springframework.cloud.client.circuitbreaker.CircuitBreaker {

        @Override
        public <T> T run(Supplier<T> toRun) {
            return breaker.decorate(toRun).get();
        }

        @Override
        public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
            try {
                return breaker.decorate(toRun).get();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                return fallback.apply(e);
            }
        }
    }

    /** A call of an id past {@code circuit.spring-cloud.max-breakers}: no breaker, the fallback still applies. */
    private enum Unprotected implements org.springframework.cloud.client.circuitbreaker.CircuitBreaker {
        INSTANCE;

        @Override
        public <T> T run(Supplier<T> toRun) {
            return toRun.get();
        }

        @Override
        public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
            try {
                return toRun.get();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                return fallback.apply(e);
            }
        }
    }
}
