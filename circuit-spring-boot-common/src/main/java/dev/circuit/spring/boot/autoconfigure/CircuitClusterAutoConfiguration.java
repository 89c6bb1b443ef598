package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.cluster.Fleet;
import dev.circuit.spring.cluster.RedisFleetTransport;
import dev.circuit.spring.boot.config.BreakerConfigFactory;
import dev.circuit.spring.boot.config.SettingsBinder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.InstantSource;
import java.util.function.Function;

/**
 * Fleet mode ({@code circuit.cluster.enabled=true}): replicas share trips, probes and operator actions
 * through the Redis of {@code spring.data.redis.*}; see {@link Fleet}.
 */
@AutoConfiguration(after = CircuitAutoConfiguration.class,
    afterName = {"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration"})
@ConditionalOnClass(StringRedisTemplate.class)
@ConditionalOnBean({ConfiguredBreakers.class, RedisConnectionFactory.class})
@ConditionalOnBooleanProperty("circuit.cluster.enabled")
public class CircuitClusterAutoConfiguration {

    /**
     * The link to the fleet, a listener of every breaker.
     *
     * @param registry    the breakers
     * @param breakers    which breakers take part
     * @param configs     applies the retunings of other instances
     * @param redis       Redis
     * @param properties  the bound properties
     * @param environment for spring.application.name
     * @return the fleet link, started once the context is (it is a SmartLifecycle)
     */
    @Bean
    public Fleet circuitFleet(CircuitBreakerRegistry registry, ConfiguredBreakers breakers, BreakerConfigFactory configs,
                              RedisConnectionFactory redis, CircuitProperties properties, Environment environment) {
        CircuitProperties.Cluster cluster = properties.getCluster();
        String namespace = cluster.getNamespace() != null ? cluster.getNamespace()
            : environment.getProperty("spring.application.name");
        if (namespace == null || namespace.isBlank()) {
            throw new InvalidConfigurationException("circuit.cluster.namespace", namespace,
                "a name shared by the replicas of the service (spring.application.name when unset)");
        }
        return new Fleet(registry, new RedisFleetTransport(redis),
            new Fleet.Settings(namespace, cluster.getQuorum(), cluster.getTimeout(), cluster.getHandOver(), cluster.getSecret()),
            breakers::clustered,
            (current, settings) -> configs.apply(current, SettingsBinder.bindStrictly(settings), Function.identity()),
            InstantSource.system());
    }

    /** The link's meter. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class Meters {

        @Bean
        MeterBinder circuitFleetMeters(Fleet fleet) {
            return registry -> {
                Gauge.builder("circuit.breaker.cluster.connected", fleet, f -> f.connected() ? 1 : 0)
                    .description("1 while the fleet's Redis is reachable, 0 while breakers go on locally").register(registry);
                io.micrometer.core.instrument.FunctionCounter.builder("circuit.breaker.cluster.messages.refused", fleet,
                        Fleet::refusedMessages)
                    .description("Fleet messages refused: unsigned, wrongly signed, stale, replayed or malformed").register(registry);
            };
        }
    }
}
