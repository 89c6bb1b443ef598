package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.annotation.CircuitAnnotationException;
import dev.circuit.spring.annotation.CircuitProtected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class));

    private FailureAnalysis analysisOf(String... properties) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            analysis[0] = new CircuitConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
        });
        assertThat(analysis[0]).as("analysis").isNotNull();
        return analysis[0];
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "circuit.breakers.kafka.failure-threshold|-1|circuit.breakers.kafka.failure-threshold|-1|an integer >= 0; 0 switches the policy off",
        "circuit.breakers.database.failure-rate-threshold|1.5|circuit.breakers.database.failure-rate-threshold|1.5|a fraction in (0, 1], or 0 to switch the policy off",
        "circuit.breakers.kafka.recovery-timeout|0s|circuit.breakers.kafka.recovery-timeout|PT0S|a positive duration",
        "circuit.breakers.kafka.sliding-window-size|0|circuit.breakers.kafka.sliding-window-size|0|an integer from 1 to 1000000 (calls), or to 3600 for a TIME_BASED window (seconds)",
        "circuit.defaults.jitter|2|circuit.defaults.jitter|2.0|a fraction in [0, 1)",
        "circuit.configs.shared.half-open-max-calls|0|circuit.configs.shared.half-open-max-calls|0|an integer from 1 to 1000",
        "circuit.breakers.health_check.success-threshold|0|circuit.breakers.health_check.success-threshold|0|an integer >= 1",
        "circuit.breakers.kafka.max-recovery-timeout|1s|circuit.breakers.kafka.max-recovery-timeout|PT1S|a duration >= recoveryTimeout (PT30S)",
        "circuit.breakers.database.backoff-multiplier|2|circuit.breakers.database.max-recovery-timeout|null|a duration >= recoveryTimeout (PT1M); backoffMultiplier 2.0 needs it as the cap of the open duration",
        "circuit.breakers.kafka.record-exceptions|com.example.Missing|circuit.breakers.kafka.record-exceptions[0]|com.example.Missing|the fully qualified name of a Throwable class on the classpath (class not found)",
        "circuit.breakers.kafka.ignore-exceptions|java.lang.String|circuit.breakers.kafka.ignore-exceptions[0]|java.lang.String|the fully qualified name of a Throwable class (java.lang.String is not a Throwable)",
        "circuit.breakers.kafka.base-config|nope|circuit.breakers.kafka.base-config|nope|the name of a configuration under circuit.configs []",
        // feature settings are validated by their typed properties, whether the feature is on or not
        "circuit.cluster.quorum|0|circuit.cluster.quorum|0|an integer >= 1",
        "circuit.http-client.max-breakers|0|circuit.http-client.max-breakers|0|an integer >= 1",
        "circuit.http-client.failure-statuses|'5xx,oops'|circuit.http-client.failure-statuses[1]|oops|an HTTP status code such as 503, or a class such as 5xx",
        "circuit.alerts.webhook.url|not a url|circuit.alerts.webhook.url|not a url|an absolute http or https URL",
        "circuit.alerts.webhook.timeout|0s|circuit.alerts.webhook.timeout|PT0S|a positive duration",
        "circuit.alerts.webhook.repeat-interval|-1s|circuit.alerts.webhook.repeat-interval|PT-1S|a duration >= 0; 0 sends no reminders",
    })
    void aBadValueIsReportedWithItsPropertyValueAndWhatIsAllowed(String property, String value, String reported,
                                                                String shownValue, String allowed) {
        FailureAnalysis analysis = analysisOf(property + "=" + value);
        assertThat(analysis.getDescription()).isEqualTo("Invalid circuit breaker configuration:\n\n    Property: "
            + reported + "\n    Value: " + shownValue + "\n    Allowed: " + allowed);
        assertThat(analysis.getAction()).isEqualTo("Update '" + reported + "' in your application configuration to "
            + allowed + ".");
    }

    @Test
    void aMistypedSettingStopsStartUpInsteadOfBeingIgnored() {
        runner.withPropertyValues("circuit.breakers.kafka.failure-treshold=3").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("circuit.breakers.kafka.failure-treshold");
        });
    }

    @Test
    void aMissingPredicateBeanIsReported() {
        FailureAnalysis analysis = analysisOf("circuit.breakers.kafka.result-predicate=noSuchBean");
        assertThat(analysis.getDescription()).contains("Property: circuit.breakers.kafka.result-predicate",
            "Value: noSuchBean", "the name of a bean of type java.util.function.Predicate");
    }

    @Test
    void aCycleOfSharedConfigsIsReported() {
        FailureAnalysis analysis = analysisOf("circuit.configs.a.base-config=b", "circuit.configs.b.base-config=a");
        assertThat(analysis.getDescription()).contains("Property: circuit.configs.", "a configuration that does not extend itself");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({AopAutoConfiguration.class, CircuitAutoConfiguration.class, CircuitAopAutoConfiguration.class})
    static class App {
    }

    @Test
    void aRealApplicationStopsAtStartUpWithTheReport(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--circuit.breakers.kafka.failure-threshold=-1"))
            .hasRootCauseInstanceOf(InvalidConfigurationException.class);
        assertThat(output).contains("APPLICATION FAILED TO START", "Property: circuit.breakers.kafka.failure-threshold",
            "Value: -1", "Allowed: an integer >= 0; 0 switches the policy off");
    }

    @Test
    void aMisspelledPropertyIsReportedWithTheClosestOne(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--circuit.breakers.partner.failure-treshold=3",
            "--circuit.http-client.enabld=true"));
        assertThat(output).contains("APPLICATION FAILED TO START", "Unknown circuit properties:",
            "Property: circuit.breakers.partner.failure-treshold", "Value: \"3\"",
            "Did you mean: circuit.breakers.partner.failure-threshold?",
            "Property: circuit.http-client.enabld", "Did you mean: circuit.http-client.enabled?",
            "Rename it to 'circuit.breakers.partner.failure-threshold', 'circuit.http-client.enabled', or remove it.");
        assertThat(output).doesNotContain("Bindable@");
    }

    /** A bean naming a breaker nobody configured. */
    public static class Partner {
        @CircuitProtected("partner")
        public String call() {
            return "ok";
        }
    }

    /** A bean whose fallback does not fit. */
    public static class BadFallback {
        @CircuitProtected(value = "database", fallbackMethod = "cached")
        public String find(long id) {
            return "x";
        }

        public String cached(String id) {
            return "y";
        }
    }

    @Test
    void anUnknownBreakerNameIsReportedInTheStartUpFailureBlock(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class, Partner.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(application::run).hasRootCauseInstanceOf(NoSuchBreakerException.class);
        assertThat(output).contains("APPLICATION FAILED TO START",
            "@CircuitProtected(\"partner\") on " + Partner.class.getName() + ".call cannot be applied:",
            "No circuit breaker named 'partner' is configured; known: [database, health_check, kafka, metrics_export].",
            "Configure it under circuit.breakers.partner, or set circuit.create-missing-breakers=true");
    }

    @Test
    void aFallbackThatDoesNotFitIsReportedInTheStartUpFailureBlock(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class, BadFallback.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(application::run).hasStackTraceContaining(CircuitAnnotationException.class.getName());
        assertThat(output).contains("APPLICATION FAILED TO START",
            "@CircuitProtected(\"database\") on " + BadFallback.class.getName() + ".find cannot be applied:",
            "Fallback method 'cached' of @CircuitProtected BadFallback.find(long) not found",
            "Declare the fallback method on the same class");
    }
}
