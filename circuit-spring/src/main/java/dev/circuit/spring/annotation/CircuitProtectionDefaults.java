package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreakerRegistry;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;

/**
 * Registers, once every bean definition of the application is known, each bean {@link EnableCircuitProtection}
 * needs and the application does not define: a {@link CircuitBreakerRegistry}, a {@link BreakerLookup} over
 * it and {@link ProtectionAnnotations}. It looks after all configuration classes (a registry defined in any of
 * them, or by Boot's starter, counts), which an import's registrar, running amid them, could not.
 */
class CircuitProtectionDefaults implements BeanDefinitionRegistryPostProcessor {

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        registerIfMissing(registry, "circuitBreakerRegistry", CircuitBreakerRegistry.class, "registry",
            BeanDefinition.ROLE_APPLICATION);
        registerIfMissing(registry, "circuitBreakerLookup", BreakerLookup.class, "lookup", BeanDefinition.ROLE_APPLICATION);
        // the advisor and the validator (a post-processor) need it early: infrastructure, as Spring's own early beans are
        registerIfMissing(registry, "circuitProtectionAnnotations", ProtectionAnnotations.class, "annotations",
            BeanDefinition.ROLE_INFRASTRUCTURE);
    }

    private static void registerIfMissing(BeanDefinitionRegistry registry, String name, Class<?> type, String factoryMethod,
                                          int role) {
        if (registry instanceof ListableBeanFactory beans
            && BeanFactoryUtils.beanNamesForTypeIncludingAncestors(beans, type, true, false).length > 0) {
            return;
        }
        RootBeanDefinition definition = new RootBeanDefinition(CircuitProtectionDefaults.class);
        definition.setFactoryMethodName(factoryMethod);
        definition.setTargetType(type);
        definition.setAutowireMode(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
        definition.setRole(role);
        registry.registerBeanDefinition(name, definition);
    }

    /** @return a registry with the engine's default configuration */
    static CircuitBreakerRegistry registry() {
        return CircuitBreakerRegistry.of();
    }

    /**
     * @param registry the application's registry
     * @return a lookup that takes a breaker from the registry, creating it with the registry's default
     *         configuration when the registry does not hold it
     */
    static BreakerLookup lookup(CircuitBreakerRegistry registry) {
        return (name, createIfMissing) -> registry.breaker(name);
    }

    /** @return {@code @CircuitProtected} alone: Resilience4j's annotation is the Boot starter's business */
    static ProtectionAnnotations annotations() {
        return ProtectionAnnotations.of(false);
    }
}
