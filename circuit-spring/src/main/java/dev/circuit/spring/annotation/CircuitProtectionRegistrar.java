package dev.circuit.spring.annotation;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;

/**
 * What {@link EnableCircuitProtection} adds to {@link CircuitProtectionConfiguration} for an application
 * without Boot: an auto-proxy creator for the advisor (Boot's own applies it in a Boot application), and
 * {@link CircuitProtectionDefaults}, which supplies the beans the application does not define.
 */
class CircuitProtectionRegistrar implements ImportBeanDefinitionRegistrar {

    /** The name of {@link CircuitProtectionDefaults}' bean. */
    static final String DEFAULTS_BEAN = "circuitProtectionDefaults";

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClass, BeanDefinitionRegistry registry) {
        AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        AnnotationAttributes enable = AnnotationAttributes.fromMap(
            importingClass.getAnnotationAttributes(EnableCircuitProtection.class.getName()));
        if (enable != null && enable.getBoolean("proxyTargetClass")) {
            AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
        }
        if (!registry.containsBeanDefinition(DEFAULTS_BEAN)) {
            RootBeanDefinition defaults = new RootBeanDefinition(CircuitProtectionDefaults.class);
            defaults.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(DEFAULTS_BEAN, defaults);
        }
    }
}
