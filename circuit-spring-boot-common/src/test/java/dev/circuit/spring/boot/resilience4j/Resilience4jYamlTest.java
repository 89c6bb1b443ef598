package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitState;
import dev.circuit.core.HalfOpenPolicy;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.boot.autoconfigure.CircuitAopAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.ConfiguredBreakers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
            FailureAnalysis analysis = new Resilience4jUnknownPropertyFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("resilience4j.circuitbreaker.instances.a.failure-rate-treshold",
                "Did you mean: resilience4j.circuitbreaker.instances.a.failure-rate-threshold?");
        });
    }

    @Test
    void aSettingCircuitCannotHonourStopsStartUpNamingIt() {
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.initial-state=FORCED_OPEN").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("resilience4j.circuitbreaker.instances.a.initial-state");
        });
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.wait-duration-in-open-state=10s",
            "resilience4j.circuitbreaker.instances.a.enable-exponential-backoff=true",
            "resilience4j.circuitbreaker.instances.a.enable-randomized-wait=true").run(context ->
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("resilience4j.circuitbreaker.instances.a.enable-randomized-wait")
                .hasMessageContaining("Resilience4j allows one of the two"));
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.wait-duration-in-open-state=10s",
            "resilience4j.circuitbreaker.instances.a.enable-randomized-wait=true",
            "resilience4j.circuitbreaker.instances.a.randomized-wait-factor=1.5").run(context ->
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("resilience4j.circuitbreaker.instances.a.randomized-wait-factor")
                .hasMessageContaining("a number from 0 to 1"));
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.a.max-wait-duration-in-half-open-state=10s",
            "resilience4j.circuitbreaker.instances.a.transition-to-state-after-wait-duration=HALF_OPEN").run(context ->
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("resilience4j.circuitbreaker.instances.a.transition-to-state-after-wait-duration")
                .hasMessageContaining("OPEN (the default) or CLOSED"));
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
    void automaticTransitionsHappenOnTimeWithoutACall() {
        runner.withPropertyValues(
                "resilience4j.circuitbreaker.instances.auto.automatic-transition-from-open-to-half-open-enabled=true",
                "resilience4j.circuitbreaker.instances.auto.wait-duration-in-open-state=200ms",
                "resilience4j.circuitbreaker.instances.auto.max-wait-duration-in-half-open-state=300ms",
                "resilience4j.circuitbreaker.instances.auto.minimum-number-of-calls=1")
            .run(context -> {
                CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).find("auto").orElseThrow();
                breaker.onError(0, new IOException("down"));
                assertThat(breaker.history()).extracting(CircuitEvent::to).contains(CircuitState.OPEN);
                // nobody calls: the timer moves it to HALF_OPEN, then the half-open wait back to OPEN
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(transitions(breaker))
                    .containsSubsequence(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.OPEN));
                assertThat(breaker.history().get(breaker.history().size() - 1).reason())
                    .isEqualTo("half-open for 300ms without a decision");
            });
    }

    private static java.util.List<CircuitState> transitions(CircuitBreaker breaker) {
        return breaker.history().stream().filter(event -> event.type() == CircuitEvent.Type.STATE_TRANSITION)
            .map(CircuitEvent::to).toList();
    }

    @Test
    void allowHealthIndicatorToFailMakesAnOpenCircuitsHealthDown() {
        runner.withPropertyValues("resilience4j.circuitbreaker.configs.default.allow-health-indicator-to-fail=true",
                "resilience4j.circuitbreaker.instances.quiet.allow-health-indicator-to-fail=false",
                "resilience4j.circuitbreaker.instances.loud.sliding-window-size=10")
            .run(context -> {
                ConfiguredBreakers breakers = context.getBean(ConfiguredBreakers.class);
                assertThat(breakers.failWhenOpen("loud")).isTrue();
                assertThat(breakers.failWhenOpen("quiet")).isFalse();
                context.getBean(Resilience4jBreakers.class).breaker("unconfigured");
                assertThat(breakers.failWhenOpen("unconfigured")).isTrue();
            });
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.plain.sliding-window-size=10")
            .run(context -> assertThat(context.getBean(ConfiguredBreakers.class).failWhenOpen("plain")).isFalse());
    }

    @Test
    void backoffAndIgnorePredicateReachTheEngine() {
        runner.withPropertyValues("resilience4j.circuitbreaker.instances.b.wait-duration-in-open-state=10s",
                "resilience4j.circuitbreaker.instances.b.enable-exponential-backoff=true",
                "resilience4j.circuitbreaker.instances.b.exponential-backoff-multiplier=2",
                "resilience4j.circuitbreaker.instances.b.exponential-max-wait-duration-in-open-state=30s",
                "resilience4j.circuitbreaker.instances.b.ignore-exception-predicate="
                    + Resilience4jYamlDifferentialTest.IgnoresIllegalState.class.getName())
            .run(context -> {
                CircuitBreakerConfig config = config(context, "b");
                assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(config.openDuration()::of))
                    .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30));
                assertThat(config.ignorePredicate().test(new IllegalStateException())).isTrue();
                assertThat(config.ignorePredicate().test(new IOException())).isFalse();
            });
    }

    @Test
    void withTheSwitchOffTheYamlIsLeftAlone() {
        runner.withPropertyValues("circuit.resilience4j.enabled=false", "resilience4j.circuitbreaker.instances.a.foo=1")
            .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Resilience4jBreakers.class));
    }
}
