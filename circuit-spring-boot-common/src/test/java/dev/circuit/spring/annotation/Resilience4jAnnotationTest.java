package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.UnappliedAnnotationsFailureAnalyzer;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Resilience4j application's {@code @CircuitBreaker(name = ..., fallbackMethod = ...)}, with
 * resilience4j-annotations and circuit's starter instead of Resilience4j's: applied as
 * {@code @CircuitProtected} is, on methods and classes, with Resilience4j's fallback rules.
 */
class Resilience4jAnnotationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
            CircuitAopAutoConfiguration.class))
        .withPropertyValues("circuit.breakers.inventory.failure-threshold=2");

    /** A service written for Resilience4j. */
    public static class Inventory {

        @CircuitBreaker(name = "inventory", fallbackMethod = "cached")
        public String stock(String sku) throws IOException {
            if (sku.startsWith("down")) {
                throw new IOException("inventory unreachable");
            }
            return sku + ": 3";
        }

        String cached(String sku, CircuitOpenException rejected) {
            return sku + ": cached (" + rejected.breakerName() + " open)";
        }

        String cached(String sku, Exception failure) {
            return sku + ": unknown after " + failure.getMessage();
        }

        @CircuitBreaker(name = "inventory")
        public CompletableFuture<String> reserve(String sku) {
            return CompletableFuture.completedFuture("reserved " + sku);
        }
    }

    /** A service whose fallback was written for Resilience4j's rejection. */
    public static class Quotes {

        @CircuitBreaker(name = "inventory", fallbackMethod = "fallback")
        public String quote(String sku) throws IOException {
            throw new IOException("quotes unreachable");
        }

        String fallback(String sku, CallNotPermittedException rejected) {
            return "rejected: " + rejected.getMessage() + " [" + rejected.getCausingCircuitBreakerName() + "]";
        }

        String fallback(String sku, IOException failure) {
            return "failed: " + failure.getMessage();
        }
    }

    /** A whole class behind one breaker that nobody configured: as in Resilience4j, it gets the defaults. */
    @CircuitBreaker(name = "payments")
    public static class Payments {
        public String pay(int cents) {
            return "paid " + cents;
        }
    }

    /** A fallback that does not fit. */
    public static class Misfit {
        @CircuitBreaker(name = "inventory", fallbackMethod = "nope")
        public String call() {
            return "x";
        }

        Integer nope(Throwable failure) {
            return 0;
        }
    }

    private static CircuitState state(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(CircuitBreakerRegistry.class).find(name).orElseThrow().state();
    }

    @Test
    void failuresCountTheMostSpecificFallbackWinsAndARejectionReachesItAsCircuitOpenException() {
        runner.withBean(Inventory.class).run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            assertThat(inventory.stock("book")).isEqualTo("book: 3");
            assertThat(inventory.stock("down-1")).isEqualTo("down-1: unknown after inventory unreachable");
            assertThat(inventory.stock("down-2")).isEqualTo("down-2: unknown after inventory unreachable");
            assertThat(state(context, "inventory")).isEqualTo(CircuitState.OPEN);
            assertThat(inventory.stock("book")).isEqualTo("book: cached (inventory open)");
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("inventory").orElseThrow().snapshot()
                .failures()).isEqualTo(2);
            assertThat(inventory.reserve("book")).failsWithin(java.time.Duration.ofSeconds(1))
                .withThrowableThat().havingRootCause().isInstanceOf(CircuitOpenException.class);
        });
    }

    @Test
    void aFallbackForCallNotPermittedExceptionGetsRejectionsAsResilience4jMakesThem() {
        runner.withBean(Quotes.class).run(context -> {
            Quotes quotes = context.getBean(Quotes.class);
            assertThat(quotes.quote("a")).isEqualTo("failed: quotes unreachable");
            assertThat(quotes.quote("a")).isEqualTo("failed: quotes unreachable");
            assertThat(quotes.quote("a")).isEqualTo(
                "rejected: CircuitBreaker 'inventory' is OPEN and does not permit further calls [inventory]");
            context.getBean(CircuitBreakerRegistry.class).find("inventory").orElseThrow().forceOpen();
            assertThat(quotes.quote("a")).isEqualTo(
                "rejected: CircuitBreaker 'inventory' is FORCED_OPEN and does not permit further calls [inventory]");
        });
    }

    @Test
    void aClassLevelAnnotationProtectsEveryPublicMethodAndAnUnconfiguredNameGetsTheDefaults() {
        runner.withBean(Payments.class).run(context -> {
            assertThat(context.getBean(Payments.class).pay(100)).isEqualTo("paid 100");
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("payments").orElseThrow().snapshot()
                .successes()).isEqualTo(1);
        });
    }

    @Test
    void aFallbackThatDoesNotFitFailsStartUpNamingTheAnnotation() {
        runner.withBean(Misfit.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining(
                "@CircuitBreaker(name = \"inventory\") on " + Misfit.class.getName() + ".call");
        });
    }

    @Test
    void circuitResilience4jEnabledFalseLeavesTheAnnotationAlone() {
        runner.withBean(Payments.class).withPropertyValues("circuit.resilience4j.enabled=false").run(context -> {
            assertThat(context.getBean(Payments.class).pay(100)).isEqualTo("paid 100");
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("payments")).isEmpty();
        });
    }

    @Test
    void circuitsOwnAnnotationStillRequiresAConfiguredBreaker() {
        runner.withBean(CircuitProtectedAdvisorTest.UnknownBreakerService.class)
            .run(context -> assertThat(context).hasFailed());
    }

    /** A service using more of Resilience4j than its circuit breaker. */
    public static class Rates {

        @io.github.resilience4j.retry.annotation.Retry(name = "rates")
        @CircuitBreaker(name = "rates")
        public String rate(String parcel) {
            return "4.20";
        }

        @io.github.resilience4j.timelimiter.annotation.TimeLimiter(name = "rates")
        public CompletableFuture<String> quote(String parcel) {
            return CompletableFuture.completedFuture("4.20");
        }
    }

    /** Also on a class of its own, with no breaker. */
    @io.github.resilience4j.bulkhead.annotation.Bulkhead(name = "labels")
    public static class Labels {
        public String print(String parcel) {
            return "printed";
        }
    }

    @Test
    void resilience4jAnnotationsThatNothingAppliesFailStartUpNamingEach() {
        runner.withBean(Rates.class).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new UnappliedAnnotationsFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains(
                "@Retry on " + Rates.class.getName() + ".rate", "@TimeLimiter on " + Rates.class.getName() + ".quote");
            assertThat(analysis.getAction()).contains("resilience4j-spring-boot3 or resilience4j-spring-boot4");
        });
        runner.withBean(Labels.class).run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("@Bulkhead on " + Labels.class.getName()));
        runner.withBean(Labels.class).withPropertyValues("circuit.resilience4j.enabled=false")
            .run(context -> assertThat(context).as("circuit applies no Resilience4j annotation then").hasNotFailed());
    }
}
