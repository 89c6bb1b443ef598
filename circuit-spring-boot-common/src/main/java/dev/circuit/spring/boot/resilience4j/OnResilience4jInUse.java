package dev.circuit.spring.boot.resilience4j;

import dev.circuit.spring.annotation.ProtectionAnnotations;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches where an application uses Resilience4j's circuit breakers: its annotation is on the class path, or
 * some {@code resilience4j.circuitbreaker.*} property is set. Elsewhere the compatibility layer builds nothing.
 */
class OnResilience4jInUse extends SpringBootCondition {

    private static final ConfigurationPropertyName YAML = ConfigurationPropertyName.of("resilience4j.circuitbreaker");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if (ClassUtils.isPresent(ProtectionAnnotations.RESILIENCE4J.typeName(), context.getClassLoader())) {
            return ConditionOutcome.match("Resilience4j's @CircuitBreaker is on the class path");
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(context.getEnvironment())) {
            if (source.containsDescendantOf(YAML) == ConfigurationPropertyState.PRESENT) {
                return ConditionOutcome.match("resilience4j.circuitbreaker.* is set in " + source.getUnderlyingSource());
            }
        }
        return ConditionOutcome.noMatch("neither Resilience4j's @CircuitBreaker nor resilience4j.circuitbreaker.*");
    }
}
