package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.jspecify.annotations.Nullable;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Works out, once per bean class and method, how a {@code @CircuitProtected} method is called, and
 * keeps the answer. The validator fills it at start-up, so a bad annotation fails the application
 * before it serves anything; the aspect then only looks the answer up.
 */
public final class ProtectedMethods {

    private static final boolean REACTOR_PRESENT =
        ClassUtils.isPresent("reactor.core.publisher.Mono", ProtectedMethods.class.getClassLoader());

    private final Function<String, CircuitBreaker> breakers;
    private final @Nullable CallObserver observer;
    private final ClassValue<Map<Method, ProtectedMethod>> byClass = new ClassValue<>() {
        @Override
        protected Map<Method, ProtectedMethod> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /**
     * Creates the resolver.
     *
     * @param breakers finds a breaker by name, failing for names that are not configured
     * @param observer observes the calls of methods returning a plain value, or null for none
     */
    public ProtectedMethods(Function<String, CircuitBreaker> breakers, @Nullable CallObserver observer) {
        this.breakers = breakers;
        this.observer = observer;
    }

    /**
     * How a method is called on a bean of the given class.
     *
     * @param targetClass the bean's class
     * @param method      the called method
     * @return the protection, never null
     */
    ProtectedMethod get(Class<?> targetClass, Method method) {
        Map<Method, ProtectedMethod> methods = byClass.get(targetClass);
        ProtectedMethod known = methods.get(method);
        if (known != null) {
            return known;
        }
        return methods.computeIfAbsent(method, m -> resolve(targetClass, m));
    }

    /**
     * The annotation that protects a method of a bean class, if any. What the class says wins over
     * what its interfaces say: the class's method, then the class (for public methods), then the
     * interface's method, then an annotated interface that declares the method.
     *
     * @param method      a method called on the bean
     * @param targetClass the bean's class
     * @return the annotation, or null when the method is not protected
     */
    static @Nullable CircuitProtected annotationFor(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        if (specific.isBridge() || specific.getDeclaringClass() == Object.class) {
            return null;
        }
        CircuitProtected onClassMethod = AnnotatedElementUtils.getMergedAnnotation(specific, CircuitProtected.class);
        if (onClassMethod != null) {
            return onClassMethod;
        }
        boolean isPublic = Modifier.isPublic(specific.getModifiers());
        if (isPublic) {
            CircuitProtected onClass = MergedAnnotations.from(targetClass, SearchStrategy.SUPERCLASS)
                .get(CircuitProtected.class).synthesize(MergedAnnotation::isPresent).orElse(null);
            if (onClass != null) {
                return onClass;
            }
        }
        CircuitProtected onInterfaceMethod = AnnotatedElementUtils.findMergedAnnotation(specific, CircuitProtected.class);
        if (onInterfaceMethod != null || !isPublic) {
            return onInterfaceMethod;
        }
        for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
            CircuitProtected onInterface = AnnotatedElementUtils.getMergedAnnotation(type, CircuitProtected.class);
            if (onInterface != null && ClassUtils.hasMethod(type, specific.getName(), specific.getParameterTypes())) {
                return onInterface;
            }
        }
        return null;
    }

    /**
     * The methods of a class that {@code @CircuitProtected} applies to, wherever the annotation is
     * (see {@link #annotationFor(Method, Class)}).
     *
     * @param type a bean's class
     * @return the methods, empty for a class the annotation does not reach
     */
    static List<Method> protectedMethodsOf(Class<?> type) {
        Set<Method> candidates = new LinkedHashSet<>();
        ReflectionUtils.doWithMethods(type, candidates::add);
        for (Class<?> contract : ClassUtils.getAllInterfacesForClassAsSet(type)) {
            for (Method method : contract.getMethods()) {
                candidates.add(AopUtils.getMostSpecificMethod(method, type));
            }
        }
        return candidates.stream().filter(method -> annotationFor(method, type) != null).distinct().toList();
    }

    /**
     * Resolves protected methods of a bean class, failing on the first bad annotation.
     *
     * @param targetClass the bean's class
     * @param protectedMethods its methods from {@link #protectedMethodsOf(Class)}
     * @throws IllegalStateException naming the method and what is wrong
     */
    void validate(Class<?> targetClass, List<Method> protectedMethods) {
        protectedMethods.forEach(method -> get(targetClass, method));
    }

    private ProtectedMethod resolve(Class<?> targetClass, Method method) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        CircuitProtected annotation = annotationFor(method, targetClass);
        if (annotation == null) {
            return ProtectedMethod.UNPROTECTED;
        }
        CircuitBreaker breaker;
        @Nullable FallbackMethod fallback;
        try {
            breaker = breakers.apply(annotation.value());
            fallback = annotation.fallbackMethod().isEmpty() ? null
                : FallbackMethod.resolve(targetClass, specific, annotation.fallbackMethod());
        } catch (RuntimeException e) {
            throw new CircuitAnnotationException("@CircuitProtected(\"" + annotation.value() + "\") on "
                + targetClass.getName() + "." + specific.getName(), e);
        }
        Class<?> returnType = specific.getReturnType();
        if (CompletionStage.class.isAssignableFrom(returnType)) {
            return new ProtectedMethod.Async(breaker, fallback);
        }
        if (REACTOR_PRESENT) {
            ProtectedMethod reactive = ReactorMethods.forReturnType(returnType, breaker, fallback);
            if (reactive != null) {
                return reactive;
            }
        }
        return new ProtectedMethod.Blocking(breaker, fallback, observer);
    }
}
