package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The advisor on its own: a proxy made by hand, no application context. */
class CircuitProtectedAdvisorTest {

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(
        CircuitBreakerConfig.builder().failureThreshold(2).build());
    private final ProtectionAnnotations annotations = ProtectionAnnotations.of(false);
    private final AtomicInteger resolved = new AtomicInteger();
    private final CircuitProtectedAdvisor advisor = new CircuitProtectedAdvisor(() -> {
        resolved.incrementAndGet();
        return new ProtectedMethods((name, createIfMissing) -> registry.breaker(name), null, annotations);
    }, CircuitProtectedAdvisor.DEFAULT_ORDER, annotations);

    /** A bean with protected and unprotected methods. */
    public static class Inventory {

        @CircuitProtected("stock")
        public int count(String sku) throws IOException {
            if (sku.isEmpty()) {
                throw new IOException("stock service down");
            }
            return 3;
        }

        public int unprotected(String sku) throws IOException {
            throw new IOException("never counted");
        }

        @CircuitProtected(value = "stock", fallbackMethod = "later")
        public CompletableFuture<Integer> countLater(String sku) {
            return sku.isEmpty() ? CompletableFuture.failedFuture(new IOException("stock service down"))
                : CompletableFuture.completedFuture(3);
        }

        CompletableFuture<Integer> later(String sku, CircuitOpenException rejected) {
            return CompletableFuture.completedFuture(-1);
        }

        @CircuitProtected("stock")
        public Mono<Integer> countReactively(String sku) {
            return sku.isEmpty() ? Mono.error(new IOException("stock service down")) : Mono.just(3);
        }
    }

    /** Nothing protected here. */
    public static class Plain {

        public String hello() {
            return "hello";
        }
    }

    private Inventory proxy() {
        ProxyFactory factory = new ProxyFactory(new Inventory());
        factory.setProxyTargetClass(true);
        factory.addAdvisor(advisor);
        return (Inventory) factory.getProxy();
    }

    private CircuitBreaker stock() {
        return registry.find("stock").orElseThrow();
    }

    @Test
    void itMatchesAnnotatedMethodsOfClassesThatHaveSomeAndNothingElse() throws NoSuchMethodException {
        var pointcut = advisor.getPointcut();
        assertThat(pointcut.getClassFilter().matches(Inventory.class)).isTrue();
        assertThat(pointcut.getClassFilter().matches(Plain.class)).isFalse();
        assertThat(pointcut.getMethodMatcher().matches(Inventory.class.getMethod("count", String.class), Inventory.class))
            .isTrue();
        assertThat(pointcut.getMethodMatcher().matches(Inventory.class.getMethod("unprotected", String.class),
            Inventory.class)).isFalse();
        assertThat(advisor.getOrder()).isEqualTo(CircuitProtectedAdvisor.DEFAULT_ORDER);
    }

    @Test
    void protectionsAreResolvedAtTheFirstProtectedCallOnlyAndOnce() throws IOException {
        Inventory inventory = proxy();
        assertThat(resolved).hasValue(0);
        assertThatThrownBy(() -> inventory.unprotected("a")).hasMessage("never counted");
        assertThat(resolved).hasValue(0);

        inventory.count("a");
        inventory.count("b");

        assertThat(resolved).hasValue(1);
        assertThat(stock().snapshot().successes()).isEqualTo(2);
    }

    @Test
    void blockingCallsAreRecordedAndRejectedOnceTheCircuitOpens() throws IOException {
        Inventory inventory = proxy();
        assertThat(inventory.count("a")).isEqualTo(3);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> inventory.count("")).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> inventory.count("a")).isInstanceOf(CircuitOpenException.class);
        assertThat(stock().snapshot().failures()).isEqualTo(2);
        assertThat(stock().snapshot().rejected()).isEqualTo(1);
    }

    @Test
    void completionStagesAreRecordedWhenTheyCompleteAndARejectionGoesToTheFallback() {
        Inventory inventory = proxy();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> inventory.countLater("").join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IOException.class);
        }
        assertThat(stock().state().isOpen()).isTrue();
        assertThat(inventory.countLater("a").join()).isEqualTo(-1);
    }

    @Test
    void monosAreRecordedOnTheirSignalAndRejectedAtSubscription() {
        Inventory inventory = proxy();
        Mono<Integer> failing = inventory.countReactively("");
        assertThat(stock().snapshot().failures()).as("nothing happens before subscription").isZero();
        for (int i = 0; i < 2; i++) {
            StepVerifier.create(failing).expectError(IOException.class).verify();
        }
        StepVerifier.create(inventory.countReactively("a")).expectError(CircuitOpenException.class).verify();
    }
}
