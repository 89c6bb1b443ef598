package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @EnableCircuitProtection} is for applications without Boot; in a Boot application that carries it
 * anyway, the starter's beans (its registry, its configured breakers, its annotations) are the ones used.
 */
class EnableCircuitProtectionInBootTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
            CircuitAopAutoConfiguration.class))
        .withUserConfiguration(AnnotatedApplication.class);

    @Configuration(proxyBeanMethods = false)
    @EnableCircuitProtection
    static class AnnotatedApplication {
    }

    /** A breaker nobody configured. */
    public static class UnknownBreakerService {

        @CircuitProtected("payments")
        public String pay() {
            return "paid";
        }
    }

    @Test
    void theStartersBeansAreTheOnesUsed() {
        runner.withPropertyValues("circuit.breakers.database.failure-threshold=2").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(CircuitBreakerRegistry.class)).containsOnlyKeys("circuitRegistry");
            assertThat(context.getBeansOfType(BreakerLookup.class)).containsOnlyKeys("circuitBreakerLookup");
            assertThat(context.getBeansOfType(ProtectionAnnotations.class)).containsOnlyKeys("circuitProtectionAnnotations");
            assertThat(context.getBeansOfType(CircuitProtectedAdvisor.class)).hasSize(1);
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("database")).get()
                .extracting(breaker -> breaker.config().failureThreshold()).isEqualTo(2);
        });
    }

    @Test
    void anUnconfiguredNameStillFailsStartUpAsTheStarterWants() {
        runner.withBean(UnknownBreakerService.class).run(context -> assertThat(context.getStartupFailure()).rootCause()
            .hasMessageStartingWith("No circuit breaker named 'payments' is configured"));
    }
}
