package dev.circuit.spring.aot;

import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Registers the fallback methods named by {@code @CircuitProtected(fallbackMethod = ...)} for
 * reflective invocation, for Spring AOT and native images: a fallback is called by reflection.
 */
public class FallbackMethodsAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> type = registeredBean.getBeanClass();
        Set<String> names = fallbackNames(type);
        if (names.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            ReflectionUtils.doWithMethods(type, method -> reflection.registerMethod(method, ExecutableMode.INVOKE),
                method -> names.contains(method.getName()));
        };
    }

    /** The fallback names of every annotation the class and its interfaces carry. */
    static Set<String> fallbackNames(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        Set<Class<?>> types = new LinkedHashSet<>(ClassUtils.getAllInterfacesForClassAsSet(type));
        types.add(type);
        for (Class<?> candidate : types) {
            collect(MergedAnnotations.from(candidate, SearchStrategy.SUPERCLASS), names);
            ReflectionUtils.doWithMethods(candidate, method -> collect(MergedAnnotations.from(method), names));
        }
        return names;
    }

    private static void collect(MergedAnnotations annotations, Set<String> names) {
        annotations.stream(CircuitProtected.class)
            .map(annotation -> annotation.getString("fallbackMethod"))
            .filter(name -> !name.isEmpty())
            .forEach(names::add);
    }
}
