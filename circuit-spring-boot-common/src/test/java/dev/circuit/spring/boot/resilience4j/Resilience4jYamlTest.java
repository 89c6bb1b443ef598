package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.HalfOpenPolicy;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.UnknownPropertyFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Resilience4j's YAML, read by circuit with Resilience4j's meaning and defaults. */
class Resilience4jYamlTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, CircuitAutoConfiguration.class,
            CircuitResilience4jAutoConfiguration.class, CircuitAopAutoConfiguration.class));

    /** A service written for Resilience4j, naming a breaker nobody configured. */
    public static class Reports {
        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "reports")
        public String render() {
            return "report";
        }
    }

    private static CircuitBreakerConfig config(ApplicationContext context, String name) {
        return context.getBean(CircuitBreakerRegistry.class).find(name).map(CircuitBreaker::config).orElseThrow();
    }

    @Test
    void aBreakerTakesResilience4jsDefaultsNotCircuits() {
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.backendA.sliding-window-size=10").run(context -> {
            CircuitBreakerConfig config = config(context, "backendA");
            assertThat(config.failureThreshold()).isZero();
            assertThat(config.failureRateThreshold()).isEqualTo(0.5);
            assertThat(config.slowCallRateThreshold()).isEqualTo(1.0);
            assertThat(config.slowCallDuration()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config.slidingWindowSize()).isEqualTo(10);
            assertThat(config.minimumCalls()).isEqualTo(100);
            assertThat(config.recoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config.halfOpenMaxCalls()).isEqualTo(10);
            assertThat(config.halfOpenPolicy()).isEqualTo(HalfOpenPolicy.RATE);
            assertThat(config.ignoreCategories()).isEmpty();
            assertThat(config.unrecordedErrorsSucceed()).isTrue();
        });
    }

    @Test
    void configsDefaultAppliesToEveryInstanceAndToAnnotationNamesNobodyConfigured() {
        runner.withBean(Reports.class).withPropertyValues(
                "resilience4j.circuitbreaker.configs.default.failure-rate-threshold=30",
                "resilience4j.circuitbreaker.configs.default.permitted-number-of-calls-in-half-open-state=3",
                "resilience4j.circuitbreaker.configs.shared.wait-duration-in-open-state=5s",
                "resilience4j.circuitbreaker.instances.a.minimum-number-of-calls=4",
                "resilience4j.circuitbreaker.instances.b.base-config=shared",
                "resilience4j.circuitbreaker.backends.legacy.failure-rate-threshold=70")
            .run(context -> {
                assertThat(config(context, "a").failureRateThreshold()).isEqualTo(0.3);
                assertThat(config(context, "a").minimumCalls()).isEqualTo(4);
                assertThat(config(context, "b").recoveryTimeout()).isEqualTo(Duration.ofSeconds(5));
                assertThat(config(context, "b").failureRateThreshold()).isEqualTo(0.3); // shared extends default
                assertThat(config(context, "legacy").failureRateThreshold()).isEqualTo(0.7);
                assertThat(context.getBean(Reports.class).render()).isEqualTo("report");
                assertThat(config(context, "reports").failureRateThreshold()).isEqualTo(0.3);
                assertThat(config(context, "reports").halfOpenMaxCalls()).isEqualTo(3);
            });
    }

    @Test
    void anErrorThatIsNotRecordedIsASuccessAsInResilience4j() {
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.record-exceptions=java.io.IOException",
                "resilience4j.circuitbreaker.instances.a.ignore-exceptions=java.lang.IllegalArgumentException")
            .run(context -> {
                CircuitBreaker a = context.getBean(CircuitBreakerRegistry.class).find("a").orElseThrow();
                a.onError(0, new IOException("down"));
                a.onError(0, new IllegalStateException("not recorded"));
                a.onError(0, new IllegalArgumentException("ignored"));
                assertThat(a.snapshot().failures()).isEqualTo(1);
                assertThat(a.snapshot().successes()).isEqualTo(1);
                assertThat(a.snapshot().ignored()).isEqualTo(1);
            });
    }

    @Test
    void aMisspelledPropertyStopsStartUpWithTheClosestOne() {
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.failure-rate-treshold=50").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new UnknownPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("resilience4j.circuitbreaker.instances.a.failure-rate-treshold",
                "Did you mean: resilience4j.circuitbreaker.instances.a.failure-rate-threshold?");
        });
    }

    @Test
    void aSettingCircuitCannotHonourStopsStartUpNamingIt() {
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.enable-exponential-backoff=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("resilience4j.circuitbreaker.instances.a.enable-exponential-backoff");
        });
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.failure-rate-threshold=150").run(context ->
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("resilience4j.circuitbreaker.instances.a.failure-rate-threshold")
                .hasMessageContaining("a percentage in (0, 100]"));
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.record-exceptions=com.example.Missing").run(context ->
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("resilience4j.circuitbreaker.instances.a.record-exceptions[0]"));
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.record-exceptions=com.example.Missing",
                "resilience4j.circuitbreaker.instances.a.ignore-class-binding-exceptions=true")
            .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void withTheSwitchOffTheYamlIsLeftAlone() {
        runner.withPropertyValues("circuit.resilience4j.enabled=false", "resilience4j.circuitbreaker.instances.a.foo=1")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Resilience4jBreakers.class));
    }
}
