package dev.circuit.spring.annotation;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which methods of a bean class the annotations protect, wherever they are written: the search rejects most
 * classes early, and must find the same methods as a search of every method would.
 */
class ProtectionAnnotationsTest {

    private final ProtectionAnnotations annotations = ProtectionAnnotations.of(true);

    /** An application's own annotation that means {@code @CircuitProtected("database")}. */
    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @CircuitProtected("database")
    public @interface DatabaseCall {
    }

    /** Only its own methods' annotations. */
    public static class OwnMethods {
        @CircuitProtected("database")
        public String load() {
            return "loaded";
        }

        @DatabaseCall
        String meta() {
            return "meta";
        }

        public String plain() {
            return "plain";
        }
    }

    /** A superclass whose annotated method is inherited by one subclass and overridden by another. */
    public static class Repository {
        @CircuitProtected("database")
        public String fetch() {
            return "fetched";
        }

        public String count() {
            return "0";
        }
    }

    /** Inherits the annotated method as it is. */
    public static class InheritingRepository extends Repository {
        public String extra() {
            return "extra";
        }
    }

    /** Overrides the annotated method without repeating the annotation: the superclass's still applies. */
    public static class OverridingRepository extends Repository {
        @Override
        public String fetch() {
            return "overridden";
        }
    }

    /** A class annotation, inherited by subclasses: it reaches public methods only. */
    @CircuitProtected("kafka")
    public static class Publisher {
        public String publish() {
            return "published";
        }

        String internal() {
            return "internal";
        }
    }

    /** Protected through its superclass's class annotation. */
    public static class SubPublisher extends Publisher {
        public String again() {
            return "again";
        }
    }

    /** A class annotation through an application's annotation. */
    @DatabaseCall
    public static class MetaAnnotatedClass {
        public String query() {
            return "rows";
        }
    }

    /** An interface with one annotated method. */
    public interface Catalogue {
        @CircuitProtected("database")
        String item(long id);

        String name();
    }

    /** Implements the annotated interface method. */
    public static class CatalogueImpl implements Catalogue {
        @Override
        public String item(long id) {
            return "item " + id;
        }

        @Override
        public String name() {
            return "catalogue";
        }
    }

    /** An annotated interface: each of its methods is protected where it is implemented. */
    @CircuitProtected("health_check")
    public interface Probe {
        String probe();
    }

    /** Reaches the annotated interface through its superclass. */
    public static class BaseProbe implements Probe {
        @Override
        public String probe() {
            return "up";
        }

        public String notInTheInterface() {
            return "not protected";
        }
    }

    /** The interface comes from the superclass. */
    public static class DerivedProbe extends BaseProbe {
    }

    /** An interface method with an application's annotation. */
    public interface Ledger {
        @DatabaseCall
        String balance();
    }

    /** Implements the meta-annotated interface method. */
    public static class LedgerImpl implements Ledger {
        @Override
        public String balance() {
            return "0";
        }
    }

    /** A generic interface whose implementation gets a bridge method. */
    public interface Loader<T> {
        @CircuitProtected("database")
        T load(String key);
    }

    /** Implements the generic method with a narrower type. */
    public static class StringLoader implements Loader<String> {
        @Override
        public String load(String key) {
            return key;
        }
    }

    /** Resilience4j's annotation on an interface method. */
    public interface Quotes {
        @CircuitBreaker(name = "quotes")
        String quote(String symbol);
    }

    /** Implements Resilience4j's annotated method. */
    public static class QuotesImpl implements Quotes {
        @Override
        public String quote(String symbol) {
            return symbol + ": 1";
        }
    }

    /** Nothing anywhere, as most beans. */
    public static class Unannotated implements Runnable, Comparable<Unannotated> {
        @Override
        public void run() {
        }

        @Override
        public int compareTo(Unannotated other) {
            return 0;
        }
    }

    @Test
    void aClassWithNothingInItsHierarchyHasOnlyItsOwnAnnotatedMethods() {
        assertThat(protectedNames(OwnMethods.class)).containsExactly("load", "meta");
        assertThat(protectedNames(Unannotated.class)).isEmpty();
        assertThat(protectedNames(ArrayList.class)).isEmpty();
    }

    @Test
    void aSuperclassMethodsAnnotationProtectsItWhetherInheritedOrOverridden() {
        assertThat(protectedNames(InheritingRepository.class)).containsExactly("fetch");
        assertThat(protectedNames(OverridingRepository.class)).containsExactly("fetch");
        assertThat(annotations.find(method(OverridingRepository.class, "fetch"), OverridingRepository.class))
            .extracting(ProtectionAnnotations.Protection::breaker).isEqualTo("database");
    }

    @Test
    void aClassAnnotationReachesThePublicMethodsOfTheClassAndOfItsSubclasses() {
        assertThat(protectedNames(Publisher.class)).containsExactly("publish");
        assertThat(protectedNames(SubPublisher.class)).containsExactly("again", "publish");
        assertThat(protectedNames(MetaAnnotatedClass.class)).containsExactly("query");
    }

    @Test
    void interfaceAnnotationsReachTheirImplementationsThroughSuperclassesAndBridgeMethods() {
        assertThat(protectedNames(CatalogueImpl.class)).containsExactly("item");
        assertThat(protectedNames(DerivedProbe.class)).containsExactly("probe");
        assertThat(protectedNames(StringLoader.class)).containsExactly("load");
        assertThat(protectedNames(LedgerImpl.class)).containsExactly("balance");
        assertThat(annotations.find(method(StringLoader.class, "load"), StringLoader.class))
            .extracting(ProtectionAnnotations.Protection::breaker).isEqualTo("database");
    }

    @Test
    void resilience4jsAnnotationIsFoundOnInterfacesButOnlyWhenItIsApplied() {
        assertThat(protectedNames(QuotesImpl.class)).containsExactly("quote");
        assertThat(ProtectionAnnotations.of(false).protectedMethodsOf(QuotesImpl.class)).isEmpty();
    }

    private Set<String> protectedNames(Class<?> type) {
        List<Method> methods = annotations.protectedMethodsOf(type);
        assertThat(methods).allSatisfy(method -> assertThat(annotations.find(method, type)).isNotNull());
        return methods.stream().map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Method method(Class<?> type, String name) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name) && !method.isBridge()) {
                return method;
            }
        }
        throw new AssertionError(name + " not declared by " + type);
    }
}
