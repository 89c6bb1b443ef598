package dev.circuit.spring.recovery;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import dev.circuit.core.RecoveryProbe;
import dev.circuit.spring.annotation.CircuitProtected;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitRecoveryProbeAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Recovery probes run by the starter on real threads: no user call is sacrificed to probe. */
class RecoveryProbeSchedulerTest {

    /** The dependency, with a count of the calls that reach it. */
    public static class Database {
        private final AtomicBoolean up = new AtomicBoolean();
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicInteger checks = new AtomicInteger();

        public String query() throws IOException {
            calls.incrementAndGet();
            if (!up.get()) {
                throw new IOException("connection refused");
            }
            return "rows";
        }

        public boolean validate() {
            checks.incrementAndGet();
            return up.get();
        }

        public void setUp(boolean isUp) {
            up.set(isUp);
        }

        public int calls() {
            return calls.get();
        }

        public int checks() {
            return checks.get();
        }
    }

    /** The user's code. */
    public static class Orders {
        private final Database database;

        public Orders(Database database) {
            this.database = database;
        }

        @CircuitProtected("database")
        public String find() throws IOException {
            return database.query();
        }
    }

    /** The probe, as an application declares it. */
    @Configuration(proxyBeanMethods = false)
    static class Probes {
        @Bean
        RecoveryProbe databaseProbe(Database database) {
            return database::validate;
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
            CircuitAopAutoConfiguration.class, CircuitRecoveryProbeAutoConfiguration.class))
        .withBean(Database.class)
        .withBean(Orders.class)
        .withUserConfiguration(Probes.class)
        .withPropertyValues("circuit.breakers.database.failure-threshold=2",
            "circuit.breakers.database.recovery-timeout=200ms", "circuit.breakers.database.recovery-probe=databaseProbe");

    @Test
    void userCallsNeverReachTheDependencyOnceOpenAndTheProbeClosesTheCircuitAlone() {
        runner.run(context -> {
            Database database = context.getBean(Database.class);
            Orders orders = context.getBean(Orders.class);
            CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(orders::find).isInstanceOf(IOException.class);
            }
            assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);

            // while it is down: probes fail and re-open the circuit; user calls are all rejected
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                assertThatThrownBy(orders::find).isInstanceOf(CircuitOpenException.class);
                return database.checks() >= 3;
            });
            assertThat(database.calls()).isEqualTo(2);

            // it comes back: a probe closes the circuit without any user call
            database.setUp(true);
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> breaker.state() == CircuitState.CLOSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(database.calls()).isEqualTo(2);
            assertThat(orders.find()).isEqualTo("rows");
        });
    }

    @Test
    void withManualRecoveryProbesOnlyReport() {
        runner.withPropertyValues("circuit.breakers.database.manual-recovery=true").run(context -> {
            Database database = context.getBean(Database.class);
            Orders orders = context.getBean(Orders.class);
            CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(orders::find).isInstanceOf(IOException.class);
            }
            database.setUp(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> database.checks() >= 2);
            assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        });
    }

    @Test
    void noSchedulerIsMadeInAnApplicationWithoutARecoveryProbeBean() {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class,
                CircuitRecoveryProbeAutoConfiguration.class))
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RecoveryProbeScheduler.class));
        runner.run(context -> assertThat(context).hasSingleBean(RecoveryProbeScheduler.class));
    }

    @Test
    void aProbeThatIsNotARecoveryProbeBeanFailsStartUp() {
        runner.withPropertyValues("circuit.breakers.database.recovery-probe=nope").run(context ->
            assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("circuit.breakers.database.recovery-probe")
                .hasMessageContaining("the name of a bean of type dev.circuit.core.RecoveryProbe"));
    }
}
