package dev.circuit.spring.boot.config;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.ErrorCategory;
import dev.circuit.core.ErrorClassifier;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.core.SlidingWindowType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings table is complete: a setting added to the engine's builder or to {@link EngineSettings} without
 * its line in the table fails here (and one without its metadata default fails {@code ConfigurationMetadataTest}).
 */
class BreakerSettingsTest {

    /** Builder methods that no property reaches: code only, several settings at once, or Resilience4j's own. */
    private static final Set<String> CODE_ONLY = Set.of(
        "build",
        "slidingWindow", "backoff",                             // two settings at once, each also on its own
        "ticker", "instantSource",                              // clocks, for tests
        "openDuration", "automaticHalfOpen", "maxHalfOpenDuration", "ignorePredicate"); // Resilience4j's semantics

    private static Set<String> tableNames() {
        return BreakerSettings.all().stream().map(BreakerSettings.Setting::name).collect(Collectors.toSet());
    }

    @Test
    void everyBuilderMethodHasALineOrIsCodeOnly() {
        Set<String> builderMethods = Arrays.stream(CircuitBreakerConfig.Builder.class.getDeclaredMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers())).map(Method::getName).collect(Collectors.toSet());

        assertThat(builderMethods).containsAll(CODE_ONLY);
        Set<String> reachable = builderMethods.stream().filter(name -> !CODE_ONLY.contains(name))
            .collect(Collectors.toSet());
        assertThat(tableNames()).as("the table's lines").isEqualTo(reachable);
    }

    @Test
    void everyPropertyOfEngineSettingsHasALine() {
        List<String> properties = Arrays.stream(BeanUtils.getPropertyDescriptors(EngineSettings.class))
            .map(PropertyDescriptor::getName).filter(name -> !name.equals("class")).toList();

        assertThat(tableNames()).containsExactlyInAnyOrderElementsOf(properties);
    }

    @Test
    void eachLineReadsItsPropertyAndSetsItsEngineSetting() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        Predicate<Throwable> predicate = error -> true;
        ErrorClassifier classifier = error -> ErrorCategory.DATABASE;
        beans.addBean("everything", predicate);
        beans.addBean("database", classifier);
        BreakerProperties properties = SettingsBinder.bindOnto(new BreakerProperties(), Map.ofEntries(
            Map.entry("failure-threshold", "7"), Map.entry("failure-rate-threshold", "0.5"),
            Map.entry("slow-call-rate-threshold", "0.25"), Map.entry("slow-call-duration", "2s"),
            Map.entry("sliding-window-type", "time-based"), Map.entry("sliding-window-size", "30"),
            Map.entry("minimum-calls", "4"), Map.entry("recovery-timeout", "5s"), Map.entry("backoff-multiplier", "2"),
            Map.entry("max-recovery-timeout", "1m"), Map.entry("jitter", "0.1"), Map.entry("manual-recovery", "true"),
            Map.entry("half-open-max-calls", "3"), Map.entry("success-threshold", "2"),
            Map.entry("half-open-policy", "rate"), Map.entry("unrecorded-errors-succeed", "true"),
            Map.entry("half-open-probe-timeout", "9s"), Map.entry("record-exceptions", "java.io.IOException"),
            Map.entry("ignore-exceptions", "java.lang.IllegalStateException"), Map.entry("ignore-categories", "timeout"),
            Map.entry("failure-predicate", "everything"), Map.entry("result-predicate", "everything"),
            Map.entry("classifier", "database"), Map.entry("history-size", "10"), Map.entry("adaptive-throttling", "2"),
            Map.entry("adaptive-throttling-window", "30s")));

        CircuitBreakerConfig config = new BreakerConfigFactory(new BreakerProperties(), Map.of(), Map.of(), beans)
            .apply(CircuitBreakerConfig.defaults(), properties, "circuit.breakers.x.");

        assertThat(config.failureThreshold()).isEqualTo(7);
        assertThat(config.failureRateThreshold()).isEqualTo(0.5);
        assertThat(config.slowCallRateThreshold()).isEqualTo(0.25);
        assertThat(config.slowCallDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.slidingWindowType()).isEqualTo(SlidingWindowType.TIME_BASED);
        assertThat(config.slidingWindowSize()).isEqualTo(30);
        assertThat(config.minimumCalls()).isEqualTo(4);
        assertThat(config.recoveryTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.backoffMultiplier()).isEqualTo(2.0);
        assertThat(config.maxRecoveryTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.jitter()).isEqualTo(0.1);
        assertThat(config.manualRecovery()).isTrue();
        assertThat(config.halfOpenMaxCalls()).isEqualTo(3);
        assertThat(config.successThreshold()).isEqualTo(2);
        assertThat(config.halfOpenPolicy()).isEqualTo(dev.circuit.core.HalfOpenPolicy.RATE);
        assertThat(config.unrecordedErrorsSucceed()).isTrue();
        assertThat(config.halfOpenProbeTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.recordExceptions()).containsExactly(java.io.IOException.class);
        assertThat(config.ignoreExceptions()).containsExactly(IllegalStateException.class);
        assertThat(config.ignoreCategories()).containsExactly(ErrorCategory.TIMEOUT);
        assertThat(config.failurePredicate()).isSameAs(predicate);
        assertThat(config.resultPredicate()).isSameAs(predicate);
        assertThat(config.classifier()).isSameAs(classifier);
        assertThat(config.historySize()).isEqualTo(10);
        assertThat(config.adaptiveThrottling()).isEqualTo(2.0);
        assertThat(config.adaptiveThrottlingWindow()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aBadValueOrNameIsReportedByItsProperty() {
        BreakerConfigFactory factory = new BreakerConfigFactory(new BreakerProperties(), Map.of(), Map.of(),
            new StaticListableBeanFactory());

        assertThatThrownBy(() -> factory.apply(CircuitBreakerConfig.defaults(),
            SettingsBinder.bindOnto(new BreakerProperties(), Map.of("jitter", "1.5")), "circuit.breakers.x."))
            .isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.setting()).isEqualTo("circuit.breakers.x.jitter"));
        assertThatThrownBy(() -> factory.apply(CircuitBreakerConfig.defaults(),
            SettingsBinder.bindOnto(new BreakerProperties(), Map.of("classifier", "nope")), "circuit.breakers.x."))
            .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                assertThat(e.setting()).isEqualTo("circuit.breakers.x.classifier");
                assertThat(e.allowed()).contains(ErrorClassifier.class.getName());
            });
        assertThatThrownBy(() -> factory.apply(CircuitBreakerConfig.defaults(),
            SettingsBinder.bindOnto(new BreakerProperties(), Map.of("record-exceptions", "java.lang.String")),
            "circuit.breakers.x."))
            .isInstanceOfSatisfying(InvalidConfigurationException.class,
                e -> assertThat(e.setting()).isEqualTo("circuit.breakers.x.record-exceptions[0]"));
    }
}
