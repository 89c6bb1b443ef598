package dev.circuit.spring.cloud;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitSpringCloudAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spring Cloud CircuitBreaker contract, backed by circuit's registry. */
@ExtendWith(OutputCaptureExtension.class)
class CircuitCloudBreakerFactoryTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class, CircuitSpringCloudAutoConfiguration.class))
        .withPropertyValues("circuit.breakers.database.failure-threshold=2", "circuit.breakers.partner.failure-threshold=1",
            "circuit.defaults.failure-threshold=3");

    /** Customisers as an application declares them. */
    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        Customizer<CircuitCloudBreakerFactory> databaseCustomizer() {
            return factory -> {
                factory.configure(builder -> builder.with(b -> b.failureThreshold(9)), "database", "billing");
                factory.configureDefault(id -> CircuitBreakerConfig.builder().failureThreshold(11).build());
            };
        }
    }

    private static String fail() {
        throw new IllegalStateException("down");
    }

    @Test
    void aConfiguredIdIsTheRegistrysBreakerAndTheFallbackGetsTheFailureThenTheRejection() {
        runner.run(context -> {
            CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
            CircuitBreaker breaker = factory.create("database");
            List<Throwable> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                assertThat(breaker.run(CircuitCloudBreakerFactoryTest::fail, error -> {
                    seen.add(error);
                    return "fallback";
                })).isEqualTo("fallback");
            }
            assertThat(seen).hasSize(3);
            assertThat(seen.get(0)).isInstanceOf(IllegalStateException.class).hasMessage("down");
            assertThat(seen.get(2)).isInstanceOf(CircuitOpenException.class);
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow().state())
                .isEqualTo(CircuitState.OPEN);
            assertThat(breaker.run(() -> "x", error -> "rejected")).isEqualTo("rejected");
        });
    }

    @Test
    void withoutAFallbackExceptionsPassThroughUnchanged() {
        runner.run(context -> {
            CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("database");
            IllegalStateException failure = new IllegalStateException("boom");
            assertThatThrownBy(() -> breaker.run(() -> {
                throw failure;
            })).isSameAs(failure);
            assertThat(breaker.run(() -> "ok")).isEqualTo("ok");
        });
    }

    @Test
    void unknownIdsAreCreatedFromTheDefaultsOrTheirGroup() {
        runner.run(context -> {
            CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
            CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
            factory.create("PartnerClient#status()").run(() -> "ok");
            factory.create("PartnerClient#orders()", "partner").run(() -> "ok");

            assertThat(registry.find("PartnerClient#status()").orElseThrow().config().failureThreshold()).isEqualTo(3);
            assertThat(registry.find("PartnerClient#orders()").orElseThrow().config().failureThreshold()).isEqualTo(1);
        });
    }

    @Test
    void customisersApplyOnTopOfTheProperties() {
        runner.withPropertyValues("circuit.breakers.database.recovery-timeout=7s")
            .withUserConfiguration(Customizers.class)
            .run(context -> {
                CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
                CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
                factory.create("billing").run(() -> "ok");
                factory.create("anything").run(() -> "ok");

                var database = registry.find("database").orElseThrow().config();
                assertThat(database.failureThreshold()).isEqualTo(9);
                assertThat(database.recoveryTimeout()).isEqualTo(Duration.ofSeconds(7));
                assertThat(registry.find("billing").orElseThrow().config().failureThreshold()).isEqualTo(9);
                assertThat(registry.find("anything").orElseThrow().config().failureThreshold()).isEqualTo(11);
            });
    }

    @Test
    void theNumberOfCreatedBreakersIsBoundedAndTheLimitIsLoggedOnce(CapturedOutput output) {
        runner.withPropertyValues("circuit.spring-cloud.max-breakers=2").run(context -> {
            CircuitBreakerFactory<?, ?> factory = context.getBean(CircuitBreakerFactory.class);
            for (int i = 0; i < 5; i++) {
                assertThat(factory.create("id-" + i).run(() -> "ok")).isEqualTo("ok");
            }
            assertThat(factory.create("id-4").run(CircuitCloudBreakerFactoryTest::fail, error -> "fallback"))
                .isEqualTo("fallback");
            CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
            assertThat(registry.find("id-1")).isPresent();
            assertThat(registry.find("id-2")).isEmpty();
            assertThat(registry.find("database")).isPresent(); // configured ones do not count
        });
        assertThat(output.getAll().split("circuit.spring-cloud.max-breakers", -1)).hasSize(2);
        assertThat(output.getAll()).contains("Spring Cloud asked for circuit breaker 'id-2'");
    }

    @Test
    void reactiveCallsAreRecordedOnTheirTerminalSignal() {
        runner.run(context -> {
            ReactiveCircuitBreakerFactory<?, ?> factory = context.getBean(ReactiveCircuitBreakerFactory.class);
            ReactiveCircuitBreaker breaker = factory.create("database");
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> failing = Mono.defer(() -> {
                subscriptions.incrementAndGet();
                return Mono.error(new IllegalStateException("down"));
            });
            StepVerifier.create(breaker.run(failing)).expectError(IllegalStateException.class).verify();
            StepVerifier.create(breaker.run(failing, error -> Mono.just("fallback"))).expectNext("fallback").verifyComplete();
            StepVerifier.create(breaker.run(failing, error -> Mono.just(error.getClass().getSimpleName())))
                .expectNext("CircuitOpenException").verifyComplete();
            assertThat(subscriptions).hasValue(2);
            StepVerifier.create(breaker.run(Flux.just(1, 2))).expectError(CircuitOpenException.class).verify();
        });
    }

    @Test
    void theApplicationsOwnFactoryWinsAndWithoutSpringCloudThereIsNone() {
        runner.withClassLoader(new FilteredClassLoader(CircuitBreakerFactory.class))
            .run(context -> assertThat(context).doesNotHaveBean(CircuitCloudBreakerFactory.class)
                .doesNotHaveBean(CloudBreakers.class));
        runner.withBean("mine", CircuitBreakerFactory.class, () -> new CircuitCloudBreakerFactory(
                new CloudBreakers(CircuitBreakerRegistry.of(), 1)))
            .run(context -> assertThat(context).getBeans(CircuitBreakerFactory.class).containsOnlyKeys("mine"));
    }
}
