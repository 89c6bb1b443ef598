package dev.circuit.spring.annotation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * The beans that apply {@link CircuitProtected}: the advisor, the per-method protections (breakers and
 * fallbacks, resolved once) and the start-up validator. {@link EnableCircuitProtection} imports it, and so
 * does circuit's Boot starter: it needs a {@link BreakerLookup} and {@link ProtectionAnnotations} bean, and
 * takes a {@link CallObserver} bean where there is one.
 */
@Configuration(proxyBeanMethods = false)
public class CircuitProtectionConfiguration {

    /** The property that orders the advisor among the advice of a bean. */
    public static final String ORDER_PROPERTY = "circuit.aspect-order";

    /**
     * Resolves and caches how each protected method is called.
     *
     * @param breakers    finds the breaker an annotation names
     * @param observer    observes protected calls, where the application has an observer
     * @param annotations the annotations that protect a method
     * @return the resolver
     */
    @Bean
    public ProtectedMethods circuitProtectedMethods(BreakerLookup breakers, ObjectProvider<CallObserver> observer,
                                                    ProtectionAnnotations annotations) {
        return new ProtectedMethods(breakers, observer.getIfAvailable(), annotations);
    }

    /**
     * The advisor that applies the annotations wherever they are, interfaces included. An infrastructure bean,
     * so that every auto-proxy creator applies it (Spring's infrastructure one included); created early, so it
     * is static and takes the resolver lazily.
     *
     * @param methods     the resolver, looked up at the first protected call
     * @param environment where {@value #ORDER_PROPERTY} is read (before any property binding)
     * @param annotations the annotations it applies
     * @return the advisor
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    public static CircuitProtectedAdvisor circuitProtectedAdvisor(ObjectProvider<ProtectedMethods> methods,
                                                                 Environment environment,
                                                                 ProtectionAnnotations annotations) {
        return new CircuitProtectedAdvisor(methods::getObject,
            environment.getProperty(ORDER_PROPERTY, Integer.class, CircuitProtectedAdvisor.DEFAULT_ORDER), annotations);
    }

    /**
     * Fails start-up on an annotation that cannot be applied.
     *
     * @param methods     the resolver, looked up when the first protected bean appears
     * @param annotations the annotations that protect a method
     * @return the validator
     */
    @Bean
    public static CircuitProtectedValidator circuitProtectedValidator(ObjectProvider<ProtectedMethods> methods,
                                                                     ProtectionAnnotations annotations) {
        return new CircuitProtectedValidator(methods, annotations);
    }
}
