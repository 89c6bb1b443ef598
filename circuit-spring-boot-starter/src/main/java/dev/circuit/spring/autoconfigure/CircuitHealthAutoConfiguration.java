package dev.circuit.spring.autoconfigure;

import dev.circuit.spring.actuate.CircuitBreakersHealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The {@code circuitBreakers} health contributor, when Spring Boot's health support is present;
 * {@code management.health.circuitbreakers.enabled=false} switches it off.
 */
@AutoConfiguration(after = CircuitAutoConfiguration.class)
@ConditionalOnClass({HealthContributor.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(ConfiguredBreakers.class)
public class CircuitHealthAutoConfiguration {

    /**
     * The contributor; its bean name makes it {@code circuitBreakers} in {@code /actuator/health}.
     *
     * @param breakers the configured breakers
     * @return the contributor
     */
    @Bean
    @ConditionalOnMissingBean(name = "circuitBreakersHealthContributor")
    @ConditionalOnEnabledHealthIndicator("circuitbreakers")
    public CircuitBreakersHealthContributor circuitBreakersHealthContributor(ConfiguredBreakers breakers) {
        return new CircuitBreakersHealthContributor(breakers.registry(), breakers::failWhenOpen);
    }
}
