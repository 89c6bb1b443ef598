package dev.circuit.spring.annotation;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The annotations that put a method behind a breaker: {@link CircuitProtected} always, and Resilience4j's
 * {@code @CircuitBreaker(name = ..., fallbackMethod = ...)} where an application brings it (found by name:
 * circuit needs no Resilience4j class). Both mean the same: a breaker's name and a fallback method.
 */
public final class ProtectionAnnotations {

    /**
     * One annotation type.
     *
     * @param typeName          the annotation's class name
     * @param breakerAttribute  the attribute naming the breaker
     * @param fallbackAttribute the attribute naming the fallback method
     * @param createsMissing    whether a name nobody configured gets a breaker from the defaults
     */
    public record Kind(String typeName, String breakerAttribute, String fallbackAttribute, boolean createsMissing) {

        /** @return the annotation's simple name, as written in code */
        String simpleName() {
            return typeName.substring(typeName.lastIndexOf('.') + 1);
        }
    }

    /**
     * What protects a method.
     *
     * @param breaker        the breaker's name
     * @param fallbackMethod the fallback method's name, empty for none
     * @param description    the annotation as written, such as {@code @CircuitProtected("database")}
     * @param createsMissing whether a name nobody configured gets a breaker from the defaults
     */
    public record Protection(String breaker, String fallbackMethod, String description, boolean createsMissing) {
    }

    /** circuit's own annotation. */
    public static final Kind CIRCUIT_PROTECTED = new Kind(CircuitProtected.class.getName(), "value", "fallbackMethod",
        false);

    /**
     * Resilience4j's annotation, from {@code io.github.resilience4j:resilience4j-annotations}; as in
     * Resilience4j, a name nobody configured gets a breaker from the defaults.
     */
    public static final Kind RESILIENCE4J = new Kind("io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker",
        "name", "fallbackMethod", true);

    /**
     * Resilience4j's other annotations (all in resilience4j-annotations): where circuit applies Resilience4j's
     * {@code @CircuitBreaker}, Resilience4j's own Spring integration is absent, so nothing would apply these.
     */
    private static final List<String> OTHER_RESILIENCE4J_ANNOTATIONS = List.of(
        "io.github.resilience4j.retry.annotation.Retry", "io.github.resilience4j.bulkhead.annotation.Bulkhead",
        "io.github.resilience4j.ratelimiter.annotation.RateLimiter",
        "io.github.resilience4j.timelimiter.annotation.TimeLimiter", "io.github.resilience4j.micrometer.annotation.Timer");

    private final List<Kind> kinds;
    /** Each class's protected methods, found once: the advisor's pointcut and the validator both ask. */
    private final Map<Class<?>, List<Method>> protectedByClass = new ConcurrentHashMap<>();
    /** Whether a superclass or an interface carries one of the annotations: most are shared by many beans. */
    private final ClassValue<Boolean> carriesAny = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return carries(type);
        }
    };
    /** Whether an annotation type is one of the annotations or is meta-annotated with one, found once per type. */
    private final ClassValue<Boolean> protecting = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> annotationType) {
            MergedAnnotations meta = MergedAnnotations.from(annotationType, SearchStrategy.DIRECT);
            return kinds.stream().anyMatch(kind -> kind.typeName().equals(annotationType.getName())
                || meta.isPresent(kind.typeName()));
        }
    };

    private ProtectionAnnotations(List<Kind> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /**
     * @param withResilience4j whether Resilience4j's annotation protects methods too
     * @return the annotations
     */
    public static ProtectionAnnotations of(boolean withResilience4j) {
        return new ProtectionAnnotations(withResilience4j ? List.of(CIRCUIT_PROTECTED, RESILIENCE4J)
            : List.of(CIRCUIT_PROTECTED));
    }

    /** @return whether Resilience4j's annotation is on the class path */
    public static boolean resilience4jAnnotationPresent() {
        return ClassUtils.isPresent(RESILIENCE4J.typeName(), ProtectionAnnotations.class.getClassLoader());
    }

    /**
     * What protects a method of a bean class, if anything. What the class says wins over what its
     * interfaces say: the class's method, then the class (for public methods), then the interface's
     * method, then an annotated interface that declares the method; at each place circuit's annotation
     * wins over Resilience4j's.
     *
     * @param method      a method called on the bean
     * @param targetClass the bean's class
     * @return the protection, or null when the method is not protected
     */
    @Nullable Protection find(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        if (specific.isBridge() || specific.getDeclaringClass() == Object.class) {
            return null;
        }
        Protection onClassMethod = on(specific, SearchStrategy.DIRECT);
        if (onClassMethod != null) {
            return onClassMethod;
        }
        boolean isPublic = Modifier.isPublic(specific.getModifiers());
        if (isPublic) {
            Protection onClass = on(targetClass, SearchStrategy.SUPERCLASS);
            if (onClass != null) {
                return onClass;
            }
        }
        Protection onInterfaceMethod = on(specific, SearchStrategy.TYPE_HIERARCHY);
        if (onInterfaceMethod != null || !isPublic) {
            return onInterfaceMethod;
        }
        for (Class<?> type : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
            Protection onInterface = on(type, SearchStrategy.DIRECT);
            if (onInterface != null && ClassUtils.hasMethod(type, specific.getName(), specific.getParameterTypes())) {
                return onInterface;
            }
        }
        return null;
    }

    private @Nullable Protection on(AnnotatedElement element, SearchStrategy strategy) {
        MergedAnnotations annotations = MergedAnnotations.from(element, strategy);
        for (Kind kind : kinds) {
            MergedAnnotation<?> annotation = annotations.get(kind.typeName());
            if (annotation.isPresent()) {
                String breaker = annotation.getString(kind.breakerAttribute());
                String description = kind == CIRCUIT_PROTECTED ? "@CircuitProtected(\"" + breaker + "\")"
                    : "@" + kind.simpleName() + "(name = \"" + breaker + "\")";
                return new Protection(breaker, annotation.getString(kind.fallbackAttribute()), description,
                    kind.createsMissing());
            }
        }
        return null;
    }

    /**
     * The methods of a class that these annotations protect, wherever they are (see
     * {@link #find(Method, Class)}); searched once per class.
     *
     * @param type a bean's class
     * @return the methods, empty for a class no annotation reaches
     */
    List<Method> protectedMethodsOf(Class<?> type) {
        return protectedByClass.computeIfAbsent(type, this::search);
    }

    /**
     * Most bean classes carry none of these annotations anywhere, so the search is done in steps, the cheapest
     * first: a class Spring knows cannot carry them (a {@code java.*} class) is rejected at once; a class whose superclasses and interfaces carry none of them, on the type or on any method, can be
     * protected only by its own methods' annotations (or by its own type annotation); only a class whose
     * hierarchy carries one gets the whole search of {@link #find(Method, Class)} for every method.
     */
    private List<Method> search(Class<?> type) {
        if (!isCandidate(type)) {
            return List.of();
        }
        boolean inherited = ClassUtils.getAllInterfacesForClassAsSet(type).stream().anyMatch(carriesAny::get);
        for (Class<?> superclass = type.getSuperclass(); !inherited && superclass != null;
             superclass = superclass.getSuperclass()) {
            inherited = carriesAny.get(superclass);
        }
        if (!inherited && !annotated(type)) {
            return Arrays.stream(ReflectionUtils.getDeclaredMethods(type))
                .filter(method -> !method.isBridge() && annotated(method) && on(method, SearchStrategy.DIRECT) != null)
                .toList();
        }
        return searchHierarchy(type);
    }

    /** Every method of the class and its interfaces, each looked at the way {@link #find(Method, Class)} does. */
    private List<Method> searchHierarchy(Class<?> type) {
        Set<Method> candidates = new LinkedHashSet<>();
        ReflectionUtils.doWithMethods(type, candidates::add);
        for (Class<?> contract : ClassUtils.getAllInterfacesForClassAsSet(type)) {
            for (Method method : contract.getMethods()) {
                candidates.add(AopUtils.getMostSpecificMethod(method, type));
            }
        }
        return candidates.stream().filter(method -> find(method, type) != null).distinct().toList();
    }

    /** Whether one of the annotations can be on the type at all (Spring rules out {@code java.*} types). */
    private boolean isCandidate(Class<?> type) {
        return kinds.stream().anyMatch(kind -> AnnotationUtils.isCandidateClass(type, kind.typeName()));
    }

    /**
     * Whether one of the annotations is on the type itself or on one of the methods it declares, directly or as a
     * meta-annotation.
     */
    private boolean carries(Class<?> type) {
        return isCandidate(type)
            && (annotated(type) || Arrays.stream(ReflectionUtils.getDeclaredMethods(type)).anyMatch(this::annotated));
    }

    /**
     * Whether one of the element's own annotations is one of these or is meta-annotated with one: the JVM keeps
     * an element's annotations, so this costs a look-up per annotation. A quick first test: where it is true,
     * {@link #on(AnnotatedElement, SearchStrategy)} says what exactly.
     */
    private boolean annotated(AnnotatedElement element) {
        for (Annotation annotation : element.getDeclaredAnnotations()) {
            if (protecting.get(annotation.annotationType())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Resilience4j annotations of a class that nothing would apply: where circuit applies Resilience4j's
     * {@code @CircuitBreaker}, its {@code @Retry}, {@code @Bulkhead}, {@code @RateLimiter}, {@code @TimeLimiter}
     * and {@code @Timer} have no aspect, and a retry or a time limit silently lost is never acceptable.
     *
     * @param type a bean's class
     * @return each such annotation and where it is, such as {@code @Retry on com.example.Rates.rate}; empty where
     *         circuit does not apply Resilience4j's annotation
     */
    public List<String> unappliedResilience4jAnnotations(Class<?> type) {
        if (!kinds.contains(RESILIENCE4J)) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        collectUnapplied(MergedAnnotations.from(type, SearchStrategy.SUPERCLASS), type.getName(), found);
        ReflectionUtils.doWithMethods(type, method -> collectUnapplied(MergedAnnotations.from(method),
            method.getDeclaringClass().getName() + "." + method.getName(), found));
        return found.stream().distinct().toList();
    }

    private static void collectUnapplied(MergedAnnotations annotations, String where, List<String> found) {
        for (String name : OTHER_RESILIENCE4J_ANNOTATIONS) {
            if (annotations.isPresent(name)) {
                found.add("@" + name.substring(name.lastIndexOf('.') + 1) + " on " + where);
            }
        }
    }

    /**
     * The fallback methods every annotation of a class and its interfaces names, for ahead-of-time hints.
     *
     * @param type a bean's class
     * @return the fallback methods' names
     */
    public Set<String> fallbackNames(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        Set<Class<?>> types = new LinkedHashSet<>(ClassUtils.getAllInterfacesForClassAsSet(type));
        types.add(type);
        for (Class<?> candidate : types) {
            collect(MergedAnnotations.from(candidate, SearchStrategy.SUPERCLASS), names);
            ReflectionUtils.doWithMethods(candidate, method -> collect(MergedAnnotations.from(method), names));
        }
        return names;
    }

    private void collect(MergedAnnotations annotations, Set<String> names) {
        for (Kind kind : kinds) {
            annotations.stream(kind.typeName()).map(annotation -> annotation.getString(kind.fallbackAttribute()))
                .filter(name -> !name.isEmpty()).forEach(names::add);
        }
    }
}
