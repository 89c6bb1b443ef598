package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.ConcurrencyLimit;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Framework 7's {@code @Retryable} and {@code @ConcurrencyLimit} on the same method as
 * {@code @CircuitProtected}: both run outside the breaker. Each retry attempt is a call the breaker
 * counts, and once it opens the remaining attempts are rejected without reaching the method; a call
 * the concurrency limit turns away never reaches the breaker, so the application's own load never
 * counts as a failure of the dependency.
 */
class ResilientMethodsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableResilientMethods
    static class Resilient {
    }

    /** A dependency that is down, called as the README recommends. */
    public static class Partner {
        private final AtomicInteger reached = new AtomicInteger();
        private final CountDownLatch release = new CountDownLatch(1);

        /** @return how many calls reached the method (read through the proxy: its own fields are empty) */
        public int reached() {
            return reached.get();
        }

        /** Lets the calls blocked in {@link #send()} finish. */
        public void release() {
            release.countDown();
        }

        @Retryable(maxRetries = 5, delay = 0)
        @CircuitProtected("database")
        public String fetch() throws IOException {
            reached.incrementAndGet();
            throw new IOException("connection refused");
        }

        @Retryable(maxRetries = 5, delay = 0, excludes = CircuitOpenException.class)
        @CircuitProtected("database")
        public String fetchUntilOpen() throws IOException {
            reached.incrementAndGet();
            throw new IOException("connection refused");
        }

        @ConcurrencyLimit(limit = 1, policy = ConcurrencyLimit.ThrottlePolicy.REJECT)
        @CircuitProtected("kafka")
        public String send() throws InterruptedException {
            reached.incrementAndGet();
            release.await(10, TimeUnit.SECONDS);
            return "sent";
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
            CircuitAopAutoConfiguration.class))
        .withUserConfiguration(Resilient.class)
        .withBean(Partner.class)
        .withPropertyValues("circuit.breakers.database.failure-threshold=3");

    private static CircuitSnapshot snapshot(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(CircuitBreakerRegistry.class).find(name).orElseThrow().snapshot();
    }

    @Test
    void retriesAreCallsTheBreakerCountsAndOnceItOpensTheyNoLongerReachTheMethod() {
        runner.run(context -> {
            Partner partner = context.getBean(Partner.class);
            assertThatThrownBy(partner::fetch).isInstanceOf(CircuitOpenException.class);

            assertThat(partner.reached()).isEqualTo(3);
            assertThat(snapshot(context, "database").failures()).isEqualTo(3);
            assertThat(snapshot(context, "database").rejected()).isEqualTo(3); // attempts 4 to 6
        });
    }

    @Test
    void excludingTheRejectionStopsRetryingOnceTheCircuitIsOpen() {
        runner.run(context -> {
            Partner partner = context.getBean(Partner.class);
            assertThatThrownBy(partner::fetchUntilOpen).isInstanceOf(CircuitOpenException.class);

            assertThat(partner.reached()).isEqualTo(3);
            assertThat(snapshot(context, "database").rejected()).isEqualTo(1);
        });
    }

    @Test
    void aCallTheConcurrencyLimitTurnsAwayNeverReachesTheBreaker() {
        runner.run(context -> {
            Partner partner = context.getBean(Partner.class);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return partner.send();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            org.awaitility.Awaitility.await().until(() -> partner.reached() == 1);

            assertThatThrownBy(partner::send).isNotInstanceOf(CircuitOpenException.class);
            partner.release();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("sent");

            CircuitSnapshot kafka = snapshot(context, "kafka");
            assertThat(kafka.successes()).isEqualTo(1);
            assertThat(kafka.failures()).isZero();
            assertThat(kafka.ignored()).isZero();
        });
    }
}
