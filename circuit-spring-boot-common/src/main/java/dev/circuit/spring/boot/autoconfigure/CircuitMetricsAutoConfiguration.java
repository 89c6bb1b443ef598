package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.boot.actuate.CircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Micrometer meters for every breaker, when Micrometer is present. */
@AutoConfiguration(after = CircuitAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(ConfiguredBreakers.class)
public class CircuitMetricsAutoConfiguration {

    /**
     * The meter binder; Spring Boot binds it to the application's meter registry.
     *
     * @param registry   the breakers
     * @param properties the bound properties, for {@code circuit.metrics.call-timer.enabled} and
     *                   {@code circuit.metrics.resilience4j-names}
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean
    public CircuitBreakerMetrics circuitMetrics(CircuitBreakerRegistry registry, CircuitProperties properties) {
        return new CircuitBreakerMetrics(registry, properties.getMetrics().getCallTimer().isEnabled(),
            properties.getMetrics().isResilience4jNames());
    }
}
