package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.annotation.BreakerLookup;
import dev.circuit.spring.annotation.CallObserver;
import dev.circuit.spring.annotation.CircuitProtectionConfiguration;
import dev.circuit.spring.annotation.ProtectionAnnotations;
import dev.circuit.spring.observation.ObservationCallObserver;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.Advisor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * {@code @CircuitProtected}: the advisor and the start-up validation of every annotation, the beans
 * {@code @EnableCircuitProtection} registers in an application without Boot ({@link CircuitProtectionConfiguration}),
 * here with the configured breakers, Resilience4j's annotation where it applies, and observations. The advisor is
 * plain Spring AOP, an infrastructure bean that Boot's auto-proxy creator applies (AspectJ's, where the
 * application brings AspectJ): circuit needs no AspectJ.
 */
@AutoConfiguration(after = {CircuitAutoConfiguration.class, AopAutoConfiguration.class},
    afterName = {"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"})
@ConditionalOnClass(Advisor.class)
@ConditionalOnBean(ConfiguredBreakers.class)
@Import(CircuitProtectionConfiguration.class)
public class CircuitAopAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitAopAutoConfiguration.class);

    /** Resilience4j's own Spring integration (resilience4j-spring6, in both of its Boot starters). */
    public static final String RESILIENCE4J_ASPECT = "io.github.resilience4j.spring6.circuitbreaker.configure.CircuitBreakerAspect";

    /**
     * The annotations circuit applies: {@code @CircuitProtected}, and Resilience4j's {@code @CircuitBreaker}
     * when it is on the class path, Resilience4j's own Spring integration is not, and
     * {@code circuit.resilience4j.enabled} is not false. With both integrations present, start-up says which
     * one handles {@code @CircuitBreaker}.
     *
     * @param environment where {@code circuit.resilience4j.enabled} is read (this is made early, before binding)
     * @return the annotations
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    public static ProtectionAnnotations circuitProtectionAnnotations(Environment environment) {
        boolean annotation = ProtectionAnnotations.resilience4jAnnotationPresent();
        boolean theirs = ClassUtils.isPresent(RESILIENCE4J_ASPECT, CircuitAopAutoConfiguration.class.getClassLoader());
        boolean enabled = environment.getProperty("circuit.resilience4j.enabled", Boolean.class, true);
        if (annotation && theirs && enabled) {
            LOG.info("Resilience4j's @CircuitBreaker is handled by Resilience4j's own Spring integration, which is on"
                + " the class path; circuit handles @CircuitProtected. To have circuit handle both, replace"
                + " Resilience4j's Spring Boot starter with circuit's and keep resilience4j-annotations.");
        } else if (annotation && enabled) {
            LOG.info("circuit applies Resilience4j's @CircuitBreaker as it applies @CircuitProtected"
                + " (circuit.resilience4j.enabled=false turns that off)");
        }
        return ProtectionAnnotations.of(annotation && !theirs && enabled);
    }

    /**
     * How annotations find their breakers: the configured breakers, unless a feature declares its own lookup
     * (Resilience4j's YAML does: its breakers come first for the names Resilience4j's annotation uses).
     *
     * @param breakers the configured breakers
     * @return the lookup
     */
    @Bean
    @ConditionalOnMissingBean(BreakerLookup.class)
    public BreakerLookup circuitBreakerLookup(ConfiguredBreakers breakers) {
        return breakers::breaker;
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
}
