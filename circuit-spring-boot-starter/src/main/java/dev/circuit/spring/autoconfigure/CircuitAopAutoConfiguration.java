package dev.circuit.spring.autoconfigure;

import dev.circuit.spring.CircuitProtectedAspect;
import dev.circuit.spring.CircuitProtectedValidator;
import dev.circuit.spring.ProtectedMethods;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** {@code @CircuitProtected}: the aspect and the start-up validation of every annotation. */
@AutoConfiguration(after = {CircuitAutoConfiguration.class, AopAutoConfiguration.class})
@ConditionalOnClass(Aspect.class)
@ConditionalOnBean(ConfiguredBreakers.class)
public class CircuitAopAutoConfiguration {

    /**
     * Resolves and caches how each protected method is called.
     *
     * @param breakers the configured breakers
     * @return the resolver
     */
    @Bean
    public ProtectedMethods circuitProtectedMethods(ConfiguredBreakers breakers) {
        return new ProtectedMethods(breakers::breaker);
    }

    /**
     * The aspect.
     *
     * @param methods    the resolver
     * @param properties the bound properties, for the aspect's order
     * @return the aspect
     */
    @Bean
    public CircuitProtectedAspect circuitProtectedAspect(ProtectedMethods methods, CircuitProperties properties) {
        return new CircuitProtectedAspect(methods, properties.getAspectOrder());
    }

    /**
     * Fails start-up on a bad annotation.
     *
     * @param methods the resolver, looked up when the first protected bean appears
     * @return the validator
     */
    @Bean
    public static CircuitProtectedValidator circuitProtectedValidator(ObjectProvider<ProtectedMethods> methods) {
        return new CircuitProtectedValidator(methods);
    }
}
