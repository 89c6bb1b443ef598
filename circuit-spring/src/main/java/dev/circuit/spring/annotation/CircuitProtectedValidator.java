package dev.circuit.spring.annotation;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Checks every bean's {@code @CircuitProtected} annotations as the bean is created, so that a breaker
 * that is not configured or a fallback that does not fit fails start-up, not the first call; and so that a
 * Resilience4j annotation that nothing would apply fails it too ({@link UnappliedAnnotationsException}).
 */
public class CircuitProtectedValidator implements BeanPostProcessor {

    private final ObjectProvider<ProtectedMethods> methods;
    private final ProtectionAnnotations annotations;

    /**
     * Creates the validator.
     *
     * @param methods     the resolver, looked up lazily so that this post-processor does not create it early
     * @param annotations the annotations that protect a method
     */
    public CircuitProtectedValidator(ObjectProvider<ProtectedMethods> methods, ProtectionAnnotations annotations) {
        this.methods = methods;
        this.annotations = annotations;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        validate(AopUtils.getTargetClass(bean));
        if (Proxy.isProxyClass(bean.getClass())) {
            validate(bean.getClass()); // an interface proxy (a repository, an HTTP client): its interfaces' annotations
        }
        return bean;
    }

    private void validate(Class<?> targetClass) {
        List<String> unapplied = annotations.unappliedResilience4jAnnotations(targetClass);
        if (!unapplied.isEmpty()) {
            throw new UnappliedAnnotationsException(unapplied);
        }
        List<Method> protectedMethods = annotations.protectedMethodsOf(targetClass);
        if (!protectedMethods.isEmpty()) {
            methods.getObject().validate(targetClass, protectedMethods);
        }
    }
}
