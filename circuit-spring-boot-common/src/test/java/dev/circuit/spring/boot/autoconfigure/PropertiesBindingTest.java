package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.ErrorCategory;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.core.SlidingWindowType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PropertiesBindingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class));

    static void yaml(ConfigurableApplicationContext context) {
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load("binding.yml", new ClassPathResource("binding.yml"))) {
                context.getEnvironment().getPropertySources().addLast(source); // like application.yml: below environment variables
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static org.springframework.context.ApplicationContextInitializer<ConfigurableApplicationContext> environmentVariables(Map<String, Object> variables) {
        return context -> context.getEnvironment().getPropertySources().replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    }

    private static CircuitBreakerConfig config(ConfigurableApplicationContext context, String name) {
        return context.getBean(CircuitBreakerRegistry.class).find(name).map(CircuitBreaker::config)
            .orElseThrow(() -> new AssertionError("no breaker " + name + " in " + names(context)));
    }

    private static java.util.List<String> names(ConfigurableApplicationContext context) {
        return context.getBean(CircuitBreakerRegistry.class).all().stream().map(CircuitBreaker::name).sorted().toList();
    }

    @Test
    void thePredefinedBreakersAreCreatedWithTheirReferenceSettingsWhenFirstAskedFor() {
        runner.run(context -> {
            CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
            assertThat(names(context)).isEmpty();
            assertThat(registry.names()).containsExactly("database", "health_check", "kafka", "metrics_export");
            assertThat(config(context, "database").failureThreshold()).isEqualTo(5);
            assertThat(config(context, "database").recoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config(context, "kafka").failureThreshold()).isEqualTo(3);
            assertThat(config(context, "kafka").recoveryTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config(context, "health_check").failureThreshold()).isEqualTo(5);
            assertThat(config(context, "health_check").recoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config(context, "metrics_export").failureThreshold()).isEqualTo(5);
            assertThat(config(context, "metrics_export").recoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(names(context)).containsExactly("database", "health_check", "kafka", "metrics_export");
        });
    }

    @Test
    void aPredefinedBreakerNothingNamesIsStillValidatedAtStartUp() {
        runner.withPropertyValues("circuit.defaults.max-recovery-timeout=45s")
            .run(context -> assertThat(context).getFailure()
                .hasRootCauseInstanceOf(InvalidConfigurationException.class)
                .hasStackTraceContaining("circuit.defaults.max-recovery-timeout")
                .hasStackTraceContaining("a duration >= recoveryTimeout (PT1M)"));
    }

    @Test
    void thePredefinedBreakersCanBeLeftOut() {
        runner.withPropertyValues("circuit.predefined-breakers=false", "circuit.breakers.orders.failure-threshold=2",
                "circuit.breakers.kafka.failure-threshold=4")
            .run(context -> {
                assertThat(names(context)).containsExactly("kafka", "orders");
                // a breaker of a predefined name is then configured like any other: engine defaults below its own
                assertThat(config(context, "kafka").failureThreshold()).isEqualTo(4);
                assertThat(config(context, "kafka").recoveryTimeout())
                    .isEqualTo(CircuitBreakerConfig.defaults().recoveryTimeout());
            });
    }

    @Test
    void whatTheUserSetsWinsOverThePredefinedSettings() {
        runner.withPropertyValues("circuit.defaults.failure-threshold=8",
                "circuit.breakers.kafka.recovery-timeout=5s", "circuit.defaults.sliding-window-size=20")
            .run(context -> {
                assertThat(config(context, "kafka").failureThreshold()).isEqualTo(8);
                assertThat(config(context, "kafka").recoveryTimeout()).isEqualTo(Duration.ofSeconds(5));
                assertThat(config(context, "kafka").slidingWindowSize()).isEqualTo(20);
                assertThat(config(context, "database").recoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
            });
    }

    @Test
    void yamlBindsEveryBreakerUnderItsNameAsWrittenUnderscoresIncluded() {
        runner.withInitializer(PropertiesBindingTest::yaml).run(context -> {
            assertThat(names(context)).containsExactly(
                "database", "health_check", "kafka", "metrics_export", "partner-api", "slow_partner");
            assertThat(config(context, "database").failureThreshold()).isEqualTo(5);
            assertThat(config(context, "kafka").failureThreshold()).isEqualTo(3);
            assertThat(config(context, "kafka").recoveryTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config(context, "health_check").failureThreshold()).isEqualTo(6);
            assertThat(config(context, "health_check").recoveryTimeout()).isEqualTo(Duration.ofSeconds(61));
            assertThat(config(context, "metrics_export").failureThreshold()).isEqualTo(7);

            CircuitBreakerConfig partner = config(context, "partner-api");
            assertThat(partner.failureRateThreshold()).isEqualTo(0.5);
            assertThat(partner.minimumCalls()).isEqualTo(20);
            assertThat(partner.slidingWindowSize()).isEqualTo(50);
            assertThat(partner.failureThreshold()).isEqualTo(4); // from circuit.defaults
            assertThat(partner.recoveryTimeout()).isEqualTo(Duration.ofSeconds(45));

            CircuitBreakerConfig slow = config(context, "slow_partner");
            assertThat(slow.slowCallRateThreshold()).isEqualTo(0.5); // from the shared config
            assertThat(slow.slowCallDuration()).isEqualTo(Duration.ofSeconds(2));
            assertThat(slow.slidingWindowType()).isEqualTo(SlidingWindowType.COUNT_BASED);
            assertThat(slow.slidingWindowSize()).isEqualTo(20);
            assertThat(slow.recordExceptions()).containsExactly(IOException.class);
            assertThat(slow.ignoreCategories()).containsExactly(ErrorCategory.AUTHENTICATION);
            assertThat(slow.backoffMultiplier()).isEqualTo(2.0);
            assertThat(slow.maxRecoveryTimeout()).isEqualTo(Duration.ofSeconds(450));

            ConfiguredBreakers configured = context.getBean(ConfiguredBreakers.class);
            assertThat(configured.failWhenOpen("slow_partner")).isTrue();
            assertThat(configured.failWhenOpen("database")).isFalse();
            assertThat(context.getBean(CircuitBreakerRegistry.class).config("slow-backends")).isPresent();
        });
    }

    @Test
    void bracketedKeysKeepTheirNames() {
        runner.withPropertyValues("circuit.breakers[billing.v2].failure-threshold=2",
                "circuit.breakers[health_check].failure-threshold=8")
            .run(context -> {
                assertThat(config(context, "billing.v2").failureThreshold()).isEqualTo(2);
                assertThat(config(context, "health_check").failureThreshold()).isEqualTo(8);
            });
    }

    @Test
    void environmentVariablesReachTheirBreakersUnderscoreNamesIncluded() {
        runner.withInitializer(PropertiesBindingTest::yaml)
            .withInitializer(environmentVariables(Map.of(
                "CIRCUIT_BREAKERS_DATABASE_FAILURE_THRESHOLD", "9",
                "CIRCUIT_BREAKERS_KAFKA_RECOVERYTIMEOUT", "12s",
                "CIRCUIT_BREAKERS_HEALTH_CHECK_FAILURE_THRESHOLD", "11",
                "CIRCUIT_BREAKERS_METRICSEXPORT_FAILURE_THRESHOLD", "12",
                "CIRCUIT_BREAKERS_SLOW_PARTNER_RECOVERY_TIMEOUT", "90s",
                "CIRCUIT_DEFAULTS_HISTORY_SIZE", "7")))
            .run(context -> {
                assertThat(names(context)).containsExactly(
                    "database", "health_check", "kafka", "metrics_export", "partner-api", "slow_partner");
                assertThat(config(context, "database").failureThreshold()).isEqualTo(9);
                assertThat(config(context, "kafka").recoveryTimeout()).isEqualTo(Duration.ofSeconds(12));
                assertThat(config(context, "health_check").failureThreshold()).isEqualTo(11);
                assertThat(config(context, "metrics_export").failureThreshold()).isEqualTo(12);
                assertThat(config(context, "slow_partner").recoveryTimeout()).isEqualTo(Duration.ofSeconds(90));
                assertThat(config(context, "partner-api").historySize()).isEqualTo(7);
            });
    }

    @Test
    void environmentVariablesAloneConfigureThePredefinedBreakers() {
        runner.withInitializer(environmentVariables(Map.of(
                "CIRCUIT_BREAKERS_DATABASE_FAILURE_THRESHOLD", "9",
                "CIRCUIT_BREAKERS_HEALTH_CHECK_FAILURE_THRESHOLD", "11")))
            .run(context -> {
                assertThat(names(context)).containsExactly("database", "health_check");
                assertThat(config(context, "database").failureThreshold()).isEqualTo(9);
                assertThat(config(context, "health_check").failureThreshold()).isEqualTo(11);
            });
    }

    @Test
    void circuitEnabledFalseTurnsEverythingOff() {
        runner.withPropertyValues("circuit.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(CircuitBreakerRegistry.class)
                .doesNotHaveBean(ConfiguredBreakers.class));
    }

    @Test
    void anApplicationsOwnRegistryIsUsedAndFilled() {
        CircuitBreakerRegistry own = CircuitBreakerRegistry.of();
        runner.withBean(CircuitBreakerRegistry.class, () -> own)
            .withPropertyValues("circuit.breakers.kafka.failure-threshold=3")
            .run(context -> {
                assertThat(context.getBean(CircuitBreakerRegistry.class)).isSameAs(own);
                assertThat(own.find("kafka").orElseThrow().config().failureThreshold()).isEqualTo(3);
            });
    }
}
