package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitProtectedAdvisorTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
            CircuitAopAutoConfiguration.class))
        .withPropertyValues("circuit.breakers.database.failure-threshold=2", "circuit.breakers.kafka.failure-threshold=2",
            "circuit.breakers.health_check.failure-threshold=1");

    /** A service as a user would write it. */
    public static class OrderService {

        public String find(String id) throws IOException {
            return load(id);
        }

        @CircuitProtected("database")
        public String load(String id) throws IOException {
            if (id.startsWith("bad")) {
                throw new IOException("connection refused for " + id);
            }
            return "order " + id;
        }

        @CircuitProtected(value = "database", fallbackMethod = "cached")
        public String loadOrCached(String id) throws IOException {
            return load(id);
        }

        String cached(String id, CircuitOpenException rejected) {
            return "cached " + id + " (circuit " + rejected.breakerName() + " open)";
        }

        String cached(String id, IOException failure) {
            return "cached " + id + " after " + failure.getMessage();
        }

        @CircuitProtected("kafka")
        public void send(String message) {
            if (message.isEmpty()) {
                throw new IllegalArgumentException("empty message");
            }
        }

        @CircuitProtected(value = "kafka", fallbackMethod = "queued")
        public CompletableFuture<String> publish(String message) {
            return message.startsWith("bad")
                ? CompletableFuture.failedFuture(new IOException("broker down"))
                : CompletableFuture.completedFuture("sent " + message);
        }

        CompletableFuture<String> queued(String message, CircuitOpenException rejected) {
            return CompletableFuture.completedFuture("queued " + message);
        }

        @CircuitProtected("kafka")
        public Mono<String> monoCall(boolean fail) {
            return fail ? Mono.error(new IOException("mono down")) : Mono.just("mono ok");
        }

        @CircuitProtected(value = "kafka", fallbackMethod = "fluxFallback")
        public Flux<Integer> fluxCall(boolean fail) {
            return fail ? Flux.error(new IOException("flux down")) : Flux.just(1, 2, 3);
        }

        Flux<Integer> fluxFallback(boolean fail, Throwable error) {
            return Flux.just(-1);
        }
    }

    /** Every public method protected by the class annotation. */
    @CircuitProtected("health_check")
    public static class HealthProbe {

        public String check(boolean fail) throws IOException {
            if (fail) {
                throw new IOException("downstream unhealthy");
            }
            return "healthy";
        }
    }

    private static CircuitSnapshot snapshot(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(CircuitBreakerRegistry.class).find(name).map(CircuitBreaker::snapshot).orElseThrow();
    }

    @Test
    void plainCallsAreRecordedExceptionsPassUnchangedAndRejectionsThrow() {
        runner.withBean(OrderService.class).run(context -> {
            OrderService service = context.getBean(OrderService.class);

            assertThat(service.load("1")).isEqualTo("order 1");
            assertThatThrownBy(() -> service.load("bad-1")).isExactlyInstanceOf(IOException.class)
                .hasMessage("connection refused for bad-1");
            assertThatThrownBy(() -> service.load("bad-2")).isExactlyInstanceOf(IOException.class);
            assertThatThrownBy(() -> service.load("2")).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                assertThat(e.breakerName()).isEqualTo("database");
                assertThat(e.nextAttemptAt()).isNotNull();
            });

            CircuitSnapshot snapshot = snapshot(context, "database");
            assertThat(snapshot.state()).isEqualTo(CircuitState.OPEN);
            assertThat(snapshot.successes()).isEqualTo(1);
            assertThat(snapshot.failures()).isEqualTo(2);
            assertThat(snapshot.rejected()).isEqualTo(1);
        });
    }

    @Test
    void voidMethodsAndSelfCallsBehaveAsSpringAopDoes() {
        runner.withBean(OrderService.class).run(context -> {
            OrderService service = context.getBean(OrderService.class);
            service.send("hello");
            assertThatThrownBy(() -> service.send("")).isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(snapshot(context, "kafka").failures()).isEqualTo(1);

            service.find("3"); // a self-call inside the bean is not intercepted, as with any Spring AOP advice
            assertThat(snapshot(context, "database").successes()).isZero();
        });
    }

    @Test
    void theMostSpecificFallbackForTheErrorIsCalled() {
        runner.withBean(OrderService.class).run(context -> {
            OrderService service = context.getBean(OrderService.class);

            assertThat(service.loadOrCached("1")).isEqualTo("order 1");
            assertThat(service.loadOrCached("bad-1")).isEqualTo("cached bad-1 after connection refused for bad-1");
            assertThat(service.loadOrCached("bad-2")).isEqualTo("cached bad-2 after connection refused for bad-2");
            assertThat(service.loadOrCached("3")).isEqualTo("cached 3 (circuit database open)");

            CircuitSnapshot snapshot = snapshot(context, "database");
            assertThat(snapshot.successes() + snapshot.failures() + snapshot.rejected()).isEqualTo(4);
        });
    }

    @Test
    void completionStagesAreRecordedWhenTheyCompleteAndRejectionsUseTheFallback() {
        runner.withBean(OrderService.class).run(context -> {
            OrderService service = context.getBean(OrderService.class);

            assertThat(service.publish("a").join()).isEqualTo("sent a");
            assertThatThrownBy(() -> service.publish("bad-1").join()).isInstanceOf(CompletionException.class)
                .hasCauseExactlyInstanceOf(IOException.class);
            assertThatThrownBy(() -> service.publish("bad-2").join()).hasCauseExactlyInstanceOf(IOException.class);
            assertThat(service.publish("b").join()).isEqualTo("queued b");

            CircuitSnapshot snapshot = snapshot(context, "kafka");
            assertThat(snapshot.successes()).isEqualTo(1);
            assertThat(snapshot.failures()).isEqualTo(2);
            assertThat(snapshot.rejected()).isEqualTo(1);
        });
    }

    @Test
    void monoAndFluxAreRecordedOnTheirSignalsAndRejectedAtSubscription() {
        runner.withBean(OrderService.class).run(context -> {
            OrderService service = context.getBean(OrderService.class);

            StepVerifier.create(service.monoCall(false)).expectNext("mono ok").verifyComplete();
            StepVerifier.create(service.fluxCall(false)).expectNext(1, 2, 3).verifyComplete();
            Mono<String> failing = service.monoCall(true);
            assertThat(snapshot(context, "kafka").failures()).isZero(); // nothing happens before subscription
            StepVerifier.create(failing).expectError(IOException.class).verify();
            StepVerifier.create(service.fluxCall(true)).expectNext(-1).verifyComplete(); // failure, then fallback

            StepVerifier.create(service.monoCall(false)).expectError(CircuitOpenException.class).verify();
            StepVerifier.create(service.fluxCall(false)).expectNext(-1).verifyComplete(); // rejected, then fallback

            CircuitSnapshot snapshot = snapshot(context, "kafka");
            assertThat(snapshot.successes()).isEqualTo(2);
            assertThat(snapshot.failures()).isEqualTo(2);
            assertThat(snapshot.rejected()).isEqualTo(2);
        });
    }

    @Test
    void aClassAnnotationProtectsEveryPublicMethod() {
        runner.withBean(HealthProbe.class).run(context -> {
            HealthProbe probe = context.getBean(HealthProbe.class);
            assertThat(probe.check(false)).isEqualTo("healthy");
            assertThatThrownBy(() -> probe.check(true)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> probe.check(false)).isInstanceOf(CircuitOpenException.class);
        });
    }

    /** Names a predefined breaker that no property configures. */
    public static class EventPublisher {
        @CircuitProtected("kafka")
        public void publish() {
        }
    }

    @Test
    void theAnnotationThatNamesAPredefinedBreakerCreatesItAtStartUpWithItsReferenceSettings() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
                CircuitAopAutoConfiguration.class))
            .withBean(EventPublisher.class)
            .run(context -> {
                CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
                assertThat(registry.all()).extracting(CircuitBreaker::name).containsExactly("kafka");
                CircuitBreaker kafka = registry.all().iterator().next();
                assertThat(kafka.config().failureThreshold()).isEqualTo(3);
                assertThat(kafka.config().recoveryTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
            });
    }

    public static class UnknownBreakerService {
        @CircuitProtected("payments")
        public String pay() {
            return "paid";
        }
    }

    /** A service whose annotation misspells a configured breaker. */
    public static class MisspelledBreakerService {
        @CircuitProtected("databse")
        public String find() {
            return "found";
        }
    }

    @Test
    void aMisspelledBreakerNameFailsStartUpWithTheNameItLikelyMeant() {
        runner.withBean(MisspelledBreakerService.class).run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageStartingWith("No circuit breaker named 'databse' is configured (did you mean 'database'?);"
                + " known: [database, health_check, kafka, metrics_export]."));
    }

    @Test
    void anUnconfiguredBreakerFailsStartUpUnlessMissingBreakersAreCreated() {
        runner.withBean(UnknownBreakerService.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(
                "No circuit breaker named 'payments' is configured; known: [database, health_check, kafka, metrics_export]."
                    + " Configure it under circuit.breakers.payments, or set circuit.create-missing-breakers=true"
                    + " to create it from circuit.defaults.");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("@CircuitProtected(\"payments\") on "
                + UnknownBreakerService.class.getName() + ".pay");
        });
        runner.withBean(UnknownBreakerService.class).withPropertyValues("circuit.create-missing-breakers=true")
            .run(context -> {
                assertThat(context.getBean(UnknownBreakerService.class).pay()).isEqualTo("paid");
                assertThat(snapshot(context, "payments").successes()).isEqualTo(1);
            });
    }

    public static class MissingFallbackService {
        @CircuitProtected(value = "database", fallbackMethod = "fallback")
        public String find(long id) {
            return "x";
        }

        public Integer fallback(long id) {
            return 0;
        }
    }

    @Test
    void aFallbackThatDoesNotFitFailsStartUpSayingWhatWasExpectedAndFound() {
        runner.withBean(MissingFallbackService.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessage(
                "Fallback method 'fallback' of @CircuitProtected MissingFallbackService.find(long) not found: expected"
                    + " String fallback(long, [a Throwable type]) on " + MissingFallbackService.class.getName()
                    + ", found Integer fallback(long)");
        });
    }

    @Test
    void withCircuitDisabledNoAspectIsApplied() {
        runner.withBean(OrderService.class).withPropertyValues("circuit.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CircuitProtectedAdvisor.class);
            assertThat(context.getBean(OrderService.class).load("1")).isEqualTo("order 1");
        });
    }

    /** A contract annotated on one method. */
    public interface Inventory {
        @CircuitProtected("database")
        int count(String item) throws IOException;

        String name();
    }

    /** Implements the contract without repeating the annotation. */
    public static class DatabaseInventory implements Inventory {
        @Override
        public int count(String item) throws IOException {
            throw new IOException("connection refused");
        }

        @Override
        public String name() {
            return "db";
        }
    }

    /** A contract annotated as a whole. */
    @CircuitProtected("kafka")
    public interface Publisher {
        String publish(String message) throws IOException;
    }

    /** The class's annotation wins over the interface's. */
    @CircuitProtected("health_check")
    public static class CheckedPublisher implements Publisher {
        @Override
        public String publish(String message) throws IOException {
            throw new IOException("down");
        }
    }

    @Test
    void anAnnotatedInterfaceMethodProtectsItsImplementations() {
        runner.withBean(Inventory.class, DatabaseInventory::new).run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            CircuitBreaker database = context.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> inventory.count("book")).isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> inventory.count("book")).isInstanceOf(CircuitOpenException.class);
            assertThat(inventory.name()).isEqualTo("db"); // not annotated: not protected
            assertThat(database.snapshot().failures()).isEqualTo(2);
        });
    }

    @Test
    void theClassAnnotationWinsOverTheInterfaces() {
        runner.withBean(Publisher.class, CheckedPublisher::new).run(context -> {
            Publisher publisher = context.getBean(Publisher.class);
            assertThatThrownBy(() -> publisher.publish("x")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> publisher.publish("x")).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("health_check");
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("kafka").orElseThrow().snapshot().failures())
                .isZero();
        });
    }

    /** A JDK proxy of an annotated interface, as an HTTP interface client or a repository is. */
    @Test
    void anInterfaceProxyIsProtectedByItsInterfacesAnnotations() {
        runner.withBean(Publisher.class, () -> (Publisher) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Publisher.class}, (proxy, method, args) -> {
                    throw new IOException("proxy down");
                }))
            .withPropertyValues("circuit.breakers.kafka.failure-threshold=1")
            .run(context -> {
                Publisher publisher = context.getBean(Publisher.class);
                assertThatThrownBy(() -> publisher.publish("x")).isInstanceOf(IOException.class);
                assertThatThrownBy(() -> publisher.publish("x")).isInstanceOf(CircuitOpenException.class)
                    .hasMessageContaining("kafka");
            });
    }

    /** An interface naming a breaker that does not exist. */
    public interface Misconfigured {
        @CircuitProtected("nope")
        void call();
    }

    @Test
    void theStartUpValidationCoversInterfaces() {
        runner.withBean(Misconfigured.class, () -> () -> { })
            .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("No circuit breaker named 'nope' is configured"));
    }
}
