package dev.circuit.spring.aot;

import dev.circuit.spring.annotation.ProtectionAnnotations;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.util.ReflectionUtils;

import java.util.Set;

/**
 * Registers the fallback methods named by {@code @CircuitProtected(fallbackMethod = ...)} (and by
 * Resilience4j's {@code @CircuitBreaker} when it is on the class path) for reflective invocation, for
 * Spring AOT and native images: a fallback is called by reflection.
 */
public class FallbackMethodsAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> type = registeredBean.getBeanClass();
        Set<String> names = ProtectionAnnotations.of(ProtectionAnnotations.resilience4jAnnotationPresent())
            .fallbackNames(type);
        if (names.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            ReflectionUtils.doWithMethods(type, method -> reflection.registerMethod(method, ExecutableMode.INVOKE),
                method -> names.contains(method.getName()));
        };
    }
}
