package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.boot.config.BreakerConfigFactory;
import dev.circuit.spring.boot.config.PredefinedBreakers;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.Map;

/**
 * The core beans: the {@link CircuitBreakerRegistry} (replaceable by an application's own), every
 * configured breaker in it from start-up, and every {@link CircuitListener} bean attached to every
 * breaker. {@code circuit.enabled=false} switches this and all of circuit's auto-configuration off.
 * Bean names start with {@code circuit} so that they do not clash with Resilience4j's during a migration.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "circuit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(CircuitProperties.class)
public class CircuitAutoConfiguration {

    /**
     * Turns properties into configurations, validating {@code circuit.defaults} and {@code circuit.configs}.
     *
     * @param properties the bound properties
     * @param beanFactory where predicate and classifier beans are found
     * @return the factory
     */
    @Bean
    public BreakerConfigFactory circuitConfigFactory(CircuitProperties properties, BeanFactory beanFactory) {
        return new BreakerConfigFactory(properties.getDefaults(), properties.getConfigs(),
            properties.isPredefinedBreakers() ? PredefinedBreakers.load() : Map.of(), beanFactory);
    }

    /**
     * The registry, defaulting new breakers to {@code circuit.defaults}.
     *
     * @param configs the configuration factory
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean
    public CircuitBreakerRegistry circuitRegistry(BreakerConfigFactory configs) {
        return CircuitBreakerRegistry.of(configs.defaults());
    }

    /**
     * Every configured breaker, created in the registry.
     *
     * @param registry    the registry
     * @param configs     the configuration factory
     * @param properties  the bound properties
     * @param environment the environment, to read breaker names as written
     * @return the configured breakers
     */
    @Bean
    public ConfiguredBreakers circuitConfiguredBreakers(CircuitBreakerRegistry registry, BreakerConfigFactory configs,
                                                 CircuitProperties properties, ConfigurableEnvironment environment) {
        return new ConfiguredBreakers(registry, configs, properties, environment);
    }

    /**
     * Attaches every {@link CircuitListener} bean to every breaker once all singletons exist (so that
     * listeners may themselves depend on the registry).
     *
     * @param registry  the registry
     * @param listeners the listener beans
     * @return the attaching callback
     */
    @Bean
    public SmartInitializingSingleton circuitListenerAttacher(CircuitBreakerRegistry registry,
                                                              ObjectProvider<CircuitListener> listeners) {
        return () -> listeners.orderedStream().forEach(registry::addListener);
    }

    /**
     * Fleet mode asked for without Spring Data Redis on the class path: start-up fails naming the property
     * and what it needs, instead of every replica silently running its breakers alone.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("circuit.cluster.enabled")
    @ConditionalOnMissingClass("org.springframework.data.redis.core.StringRedisTemplate")
    static class FleetWithoutRedis {

        /**
         * @return never
         * @throws InvalidConfigurationException always
         */
        @Bean
        static Object circuitFleetNeedsRedis() {
            throw new InvalidConfigurationException("circuit.cluster.enabled", true,
                "true only with Spring Data Redis on the class path (add spring-boot-starter-data-redis), or false");
        }
    }
}
