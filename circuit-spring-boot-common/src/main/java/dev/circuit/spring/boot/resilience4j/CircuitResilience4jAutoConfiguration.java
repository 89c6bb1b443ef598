package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.annotation.BreakerLookup;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.ConfiguredBreakers;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Resilience4j's circuit-breaker YAML ({@code resilience4j.circuitbreaker.*}) as circuit breakers, where an
 * application uses it (the YAML is set, or Resilience4j's annotation is on the class path), unless Resilience4j's
 * own Spring integration is on the class path (it reads that YAML then) or {@code circuit.resilience4j.enabled=false}.
 */
@AutoConfiguration(after = CircuitAutoConfiguration.class, before = CircuitAopAutoConfiguration.class)
@ConditionalOnBean(ConfiguredBreakers.class)
@ConditionalOnMissingClass(CircuitAopAutoConfiguration.RESILIENCE4J_ASPECT)
@ConditionalOnBooleanProperty(name = "circuit.resilience4j.enabled", matchIfMissing = true)
@Conditional(OnResilience4jInUse.class)
@EnableConfigurationProperties(Resilience4jProperties.class)
public class CircuitResilience4jAutoConfiguration {

    /**
     * The breakers of the YAML, made in the registry now.
     *
     * @param registry   the registry
     * @param properties the bound YAML
     * @param configured the breakers of {@code circuit.*}, made first
     * @return the breakers
     */
    @Bean
    public Resilience4jBreakers circuitResilience4jBreakers(CircuitBreakerRegistry registry, Resilience4jProperties properties,
                                                            ConfiguredBreakers configured) {
        return new Resilience4jBreakers(registry, properties, configured, CircuitResilience4jAutoConfiguration.class.getClassLoader());
    }

    /**
     * How annotations find their breakers: a name Resilience4j's annotation uses (which may create a breaker)
     * finds the YAML's breaker first; {@code @CircuitProtected} finds only configured breakers.
     *
     * @param yaml       the YAML's breakers
     * @param configured the breakers of {@code circuit.*}
     * @return the lookup
     */
    @Bean
    public BreakerLookup circuitResilience4jBreakerLookup(Resilience4jBreakers yaml, ConfiguredBreakers configured) {
        return (name, createIfMissing) -> createIfMissing ? yaml.breaker(name) : configured.breaker(name, false);
    }
}
