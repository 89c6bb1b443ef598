package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.boot.actuate.CircuitBreakersHealthContributor;
import dev.circuit.spring.cluster.Fleet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health, with Spring Boot 3.5's health API: the {@code circuitBreakers} contributor
 * ({@code management.health.circuitbreakers.enabled=false} switches it off) and, in fleet mode, the
 * link's indicator.
 */
@AutoConfiguration(after = {CircuitAutoConfiguration.class, CircuitClusterAutoConfiguration.class})
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

    /** The fleet link's health, when Spring Data Redis (and so fleet mode) is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.data.redis.core.StringRedisTemplate")
    static class FleetHealth {

        /**
         * The fleet link's health: shown, never making the application DOWN.
         *
         * @param fleet the fleet link
         * @return the indicator
         */
        @Bean
        @ConditionalOnBean(Fleet.class)
        HealthIndicator circuitFleetHealthIndicator(Fleet fleet) {
            return () -> Health.up().withDetails(fleet.status()).build();
        }
    }
}
