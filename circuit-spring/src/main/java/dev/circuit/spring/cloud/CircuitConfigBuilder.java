package dev.circuit.spring.cloud;

import dev.circuit.core.CircuitBreakerConfig;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;

import java.util.function.Consumer;

/**
 * What Spring Cloud's {@code configure(...)} customisers receive: the engine's builder, starting from
 * the configuration the breaker has from {@code circuit.*} properties, so that a customiser changes
 * only what it sets.
 *
 * <pre>{@code
 * @Bean
 * Customizer<CircuitCloudBreakerFactory> slowPartner() {
 *     return factory -> factory.configure(builder -> builder.with(b -> b.failureThreshold(10)), "PartnerClient#status()");
 * }
 * }</pre>
 */
public final class CircuitConfigBuilder implements ConfigBuilder<CircuitBreakerConfig> {

    private final CircuitBreakerConfig.Builder builder;

    /**
     * Creates a builder.
     *
     * @param base the configuration to start from
     */
    public CircuitConfigBuilder(CircuitBreakerConfig base) {
        this.builder = base.toBuilder();
    }

    /**
     * Changes settings.
     *
     * @param settings sets values on the engine's builder, each validated as it is set
     * @return this builder
     */
    public CircuitConfigBuilder with(Consumer<CircuitBreakerConfig.Builder> settings) {
        settings.accept(builder);
        return this;
    }

    @Override
    public CircuitBreakerConfig build() {
        return builder.build();
    }
}
