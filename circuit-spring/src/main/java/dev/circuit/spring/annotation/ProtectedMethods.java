package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.KotlinDetector;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.ClassUtils;
import org.jspecify.annotations.Nullable;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Works out, once per bean class and method, how a {@code @CircuitProtected} method is called, and
 * keeps the answer. The validator fills it at start-up, so a bad annotation fails the application
 * before it serves anything; the aspect then only looks the answer up.
 */
public final class ProtectedMethods {

    private static final boolean REACTOR_PRESENT =
        ClassUtils.isPresent("reactor.core.publisher.Mono", ProtectedMethods.class.getClassLoader());

    /** What Spring needs to call a suspend function through advice, and to adapt a Flow. */
    private static final boolean COROUTINES_REACTOR_PRESENT = REACTOR_PRESENT
        && ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt", ProtectedMethods.class.getClassLoader());

    private static final String KOTLIN_FLOW = "kotlinx.coroutines.flow.Flow";

    private final BreakerLookup breakers;
    private final @Nullable CallObserver observer;
    private final ProtectionAnnotations annotations;
    private final ClassValue<Map<Method, ProtectedMethod>> byClass = new ClassValue<>() {
        @Override
        protected Map<Method, ProtectedMethod> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /**
     * Creates the resolver.
     *
     * @param breakers    finds a breaker by name, failing for names that are not configured
     * @param observer    observes the calls of methods returning a plain value, or null for none
     * @param annotations the annotations that protect a method
     */
    public ProtectedMethods(BreakerLookup breakers, @Nullable CallObserver observer,
                            ProtectionAnnotations annotations) {
        this.breakers = breakers;
        this.observer = observer;
        this.annotations = annotations;
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
     * Resolves protected methods of a bean class, failing on the first bad annotation.
     *
     * @param targetClass the bean's class
     * @param protectedMethods its methods from {@link ProtectionAnnotations#protectedMethodsOf(Class)}
     * @throws IllegalStateException naming the method and what is wrong
     */
    void validate(Class<?> targetClass, List<Method> protectedMethods) {
        protectedMethods.forEach(method -> get(targetClass, method));
    }

    private ProtectedMethod resolve(Class<?> targetClass, Method method) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        ProtectionAnnotations.Protection annotation = annotations.find(method, targetClass);
        if (annotation == null) {
            return ProtectedMethod.UNPROTECTED;
        }
        String where = annotation.description() + " on " + targetClass.getName() + "." + specific.getName();
        Class<?> returnType = specific.getReturnType();
        boolean coroutine = KotlinDetector.isSuspendingFunction(specific) || returnType.getName().equals(KOTLIN_FLOW);
        CircuitBreaker breaker;
        @Nullable FallbackMethod fallback;
        try {
            breaker = breakers.breaker(annotation.breaker(), annotation.createsMissing());
            if (coroutine) {
                if (!annotation.fallbackMethod().isEmpty()) {
                    throw new IllegalStateException("fallbackMethod is not supported on a suspend function or a"
                        + " Flow; catch CircuitOpenException where it is called, or use Flow.catch");
                }
                return coroutine(specific, returnType, breaker);
            }
            fallback = annotation.fallbackMethod().isEmpty() ? null
                : FallbackMethod.resolve(targetClass, specific, annotation.fallbackMethod());
        } catch (RuntimeException e) {
            throw new CircuitAnnotationException(where, e);
        }
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

    /**
     * A Kotlin {@code suspend fun} or a function returning a {@code Flow}: protected through the Reactor
     * bridge Spring uses for coroutines, which needs {@code kotlinx-coroutines-reactor}; without it the
     * advice would see only the suspension marker, so start-up fails instead of protecting nothing.
     */
    private static ProtectedMethod coroutine(Method method, Class<?> returnType, CircuitBreaker breaker) {
        if (!COROUTINES_REACTOR_PRESENT) {
            throw new IllegalStateException("a suspend function or a Flow is protected through Spring's Reactor"
                + " bridge for coroutines: add org.jetbrains.kotlinx:kotlinx-coroutines-reactor to the application");
        }
        if (KotlinDetector.isSuspendingFunction(method)) {
            return ReactorMethods.forSuspendingFunction(breaker);
        }
        ReactiveAdapter flow = ReactiveAdapterRegistry.getSharedInstance().getAdapter(returnType);
        if (flow == null) {
            throw new IllegalStateException("Spring has no adapter for " + returnType.getName());
        }
        return ReactorMethods.forAdaptedStream(flow, breaker);
    }
}
