package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.annotation.CallObserver;
import dev.circuit.spring.annotation.CircuitProtectedAdvisor;
import dev.circuit.spring.annotation.CircuitProtectedValidator;
import dev.circuit.spring.annotation.ProtectedMethods;
import dev.circuit.spring.observation.ObservationCallObserver;
import io.micrometer.observation.ObservationRegistry;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/** {@code @CircuitProtected}: the aspect and the start-up validation of every annotation. */
@AutoConfiguration(after = {CircuitAutoConfiguration.class, AopAutoConfiguration.class},
    afterName = {"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(Aspect.class)
@ConditionalOnBean(ConfiguredBreakers.class)
public class CircuitAopAutoConfiguration {

    /**
     * Resolves and caches how each protected method is called.
     *
     * @param breakers the configured breakers
     * @param observer observes calls when {@code circuit.observations.enabled} is true
     * @return the resolver
     */
    @Bean
    public ProtectedMethods circuitProtectedMethods(ConfiguredBreakers breakers, ObjectProvider<CallObserver> observer) {
        return new ProtectedMethods(breakers::breaker, observer.getIfAvailable());
    }

    /** Observations of protected calls, with Micrometer's Observation API and a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
    @ConditionalOnBooleanProperty("circuit.observations.enabled")
    static class Observations {

        /**
         * The observer.
         *
         * @param registry the application's observation registry
         * @return the observer
         */
        @Bean
        @ConditionalOnBean(ObservationRegistry.class)
        @ConditionalOnMissingBean(CallObserver.class)
        ObservationCallObserver circuitCallObserver(ObservationRegistry registry) {
            return new ObservationCallObserver(registry);
        }
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
