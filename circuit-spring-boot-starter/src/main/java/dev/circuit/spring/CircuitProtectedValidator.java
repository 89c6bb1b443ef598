package dev.circuit.spring;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks every bean's {@code @CircuitProtected} annotations as the bean is created, so that a breaker
 * that is not configured or a fallback that does not fit fails start-up, not the first call.
 */
public class CircuitProtectedValidator implements BeanPostProcessor {

    private final ObjectProvider<ProtectedMethods> methods;

    /**
     * Creates the validator.
     *
     * @param methods the resolver, looked up lazily so that this post-processor does not create it early
     */
    public CircuitProtectedValidator(ObjectProvider<ProtectedMethods> methods) {
        this.methods = methods;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (isProtected(targetClass)) {
            methods.getObject().validate(targetClass);
        }
        return bean;
    }

    private static boolean isProtected(Class<?> type) {
        if (AnnotatedElementUtils.hasAnnotation(type, CircuitProtected.class)) {
            return true;
        }
        AtomicBoolean found = new AtomicBoolean();
        ReflectionUtils.doWithMethods(type, method -> found.set(true),
            method -> !found.get() && AnnotatedElementUtils.hasAnnotation(method, CircuitProtected.class));
        return found.get();
    }
}
