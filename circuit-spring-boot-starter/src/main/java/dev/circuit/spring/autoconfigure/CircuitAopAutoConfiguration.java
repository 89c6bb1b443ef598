package dev.circuit.spring.autoconfigure;

import dev.circuit.spring.CircuitProtectedAdvisor;
import dev.circuit.spring.CircuitProtectedValidator;
import dev.circuit.spring.ProtectedMethods;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

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
     * The advisor that applies the annotation wherever it is, interfaces included. An infrastructure
     * bean, so that every auto-proxy creator Spring Boot may register picks it up.
     *
     * @param methods     the resolver, looked up at the first protected call
     * @param environment where {@code circuit.aspect-order} is read (the advisor is created early, before
     *                    the properties are bound)
     * @return the advisor
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    public static CircuitProtectedAdvisor circuitProtectedAdvisor(ObjectProvider<ProtectedMethods> methods,
                                                                 Environment environment) {
        return new CircuitProtectedAdvisor(methods::getObject,
            environment.getProperty("circuit.aspect-order", Integer.class, CircuitProtectedAdvisor.DEFAULT_ORDER));
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
