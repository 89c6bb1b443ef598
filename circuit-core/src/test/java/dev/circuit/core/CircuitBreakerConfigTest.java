package dev.circuit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitBreakerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        CircuitBreakerConfig config = CircuitBreakerConfig.defaults();
        assertThat(config.failureThreshold()).isEqualTo(5);
        assertThat(config.failureRateThreshold()).isZero();
        assertThat(config.slowCallRateThreshold()).isZero();
        assertThat(config.slidingWindowType()).isEqualTo(SlidingWindowType.COUNT_BASED);
        assertThat(config.slidingWindowSize()).isEqualTo(100);
        assertThat(config.minimumCalls()).isEqualTo(100);
        assertThat(config.recoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.backoffMultiplier()).isEqualTo(1.0);
        assertThat(config.maxRecoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.jitter()).isZero();
        assertThat(config.manualRecovery()).isFalse();
        assertThat(config.halfOpenMaxCalls()).isEqualTo(1);
        assertThat(config.successThreshold()).isEqualTo(1);
        assertThat(config.recordExceptions()).containsExactly(Exception.class);
        assertThat(config.ignoreExceptions()).isEmpty();
        assertThat(config.ignoreCategories()).containsExactlyInAnyOrder(ErrorCategory.AUTHENTICATION, ErrorCategory.QUERY);
        assertThat(config.halfOpenProbeTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.historySize()).isEqualTo(100);
        assertThat(config.usesSlidingWindow()).isFalse();
        assertThat(config.resultPredicate()).isNull();
    }

    @Test
    void toBuilderDerivesAVariationAndLeavesTheOriginalAlone() {
        CircuitBreakerConfig base = CircuitBreakerConfig.builder().failureThreshold(3).build();
        CircuitBreakerConfig variation = base.toBuilder().recoveryTimeout(Duration.ofSeconds(5)).build();

        assertThat(variation.failureThreshold()).isEqualTo(3);
        assertThat(variation.recoveryTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(variation.maxRecoveryTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(base.recoveryTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void countWindowMinimumIsCappedAtTheWindowSize() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
            .slidingWindow(SlidingWindowType.COUNT_BASED, 10).build();
        assertThat(config.minimumCalls()).isEqualTo(100);
        assertThat(config.effectiveMinimumCalls()).isEqualTo(10);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
            bad("failureThreshold", "-1", "an integer >= 0", b -> b.failureThreshold(-1)),
            bad("failureRateThreshold", "1.5", "a fraction in (0, 1]", b -> b.failureRateThreshold(1.5)),
            bad("failureRateThreshold", "-0.1", "a fraction in (0, 1]", b -> b.failureRateThreshold(-0.1)),
            bad("slowCallRateThreshold", "2.0", "a fraction in (0, 1]", b -> b.slowCallRateThreshold(2.0)),
            bad("slowCallDuration", "PT0S", "a positive duration", b -> b.slowCallDuration(Duration.ZERO)),
            bad("slidingWindowSize", "0", "an integer from 1 to 1000000", b -> b.slidingWindow(SlidingWindowType.COUNT_BASED, 0)),
            bad("slidingWindowSize", "7200", "an integer from 1 to 3600", b -> b.slidingWindow(SlidingWindowType.TIME_BASED, 7200).build()),
            bad("slidingWindowSize", "7200", "an integer from 1 to 3600",
                b -> b.slidingWindowSize(7200).slidingWindowType(SlidingWindowType.TIME_BASED).build()),
            bad("slidingWindowType", "null", "COUNT_BASED or TIME_BASED", b -> b.slidingWindow(null, 10)),
            bad("minimumCalls", "0", "an integer >= 1", b -> b.minimumCalls(0)),
            bad("recoveryTimeout", "PT-1S", "a positive duration", b -> b.recoveryTimeout(Duration.ofSeconds(-1))),
            bad("recoveryTimeout", "null", "a positive duration", b -> b.recoveryTimeout(null)),
            bad("backoffMultiplier", "0.5", "a number from 1 to 100", b -> b.backoff(0.5, Duration.ofMinutes(5))),
            bad("maxRecoveryTimeout", "PT0S", "a positive duration", b -> b.backoff(2, Duration.ZERO)),
            bad("maxRecoveryTimeout", "PT10S", "a duration >= recoveryTimeout (PT1M)",
                b -> b.backoff(2, Duration.ofSeconds(10)).build()),
            bad("maxRecoveryTimeout", "null", "a duration >= recoveryTimeout (PT1M); backoffMultiplier 2.0 needs it",
                b -> b.backoffMultiplier(2).build()),
            bad("jitter", "1.0", "a fraction in [0, 1)", b -> b.jitter(1.0)),
            bad("halfOpenMaxCalls", "0", "an integer from 1 to 1000", b -> b.halfOpenMaxCalls(0)),
            bad("successThreshold", "0", "an integer >= 1", b -> b.successThreshold(0)),
            bad("recordExceptions", "[]", "one or more Throwable types", b -> b.recordExceptions()),
            bad("failurePredicate", "null", "a non-null predicate", b -> b.failurePredicate(null)),
            bad("classifier", "null", "a non-null ErrorClassifier", b -> b.classifier(null)),
            bad("ignoreCategories", "[null]", "ErrorCategory values, none null", b -> b.ignoreCategories((ErrorCategory) null)),
            bad("halfOpenProbeTimeout", "PT0S", "a positive duration", b -> b.halfOpenProbeTimeout(Duration.ZERO)),
            bad("historySize", "-1", "an integer from 0 to 100000", b -> b.historySize(-1)),
            bad("adaptiveThrottling", "0.5", "0 to switch it off, or a number from 1 to 10", b -> b.adaptiveThrottling(0.5)),
            bad("adaptiveThrottlingWindow", "PT0.5S", "a duration from 1s to 1h",
                b -> b.adaptiveThrottlingWindow(Duration.ofMillis(500))),
            bad("ticker", "null", "a non-null nanosecond source", b -> b.ticker(null)),
            bad("instantSource", "null", "a non-null InstantSource", b -> b.instantSource(null)));
    }

    private static Arguments bad(String setting, String value, String allowed, Consumer<CircuitBreakerConfig.Builder> call) {
        return Arguments.of(setting, value, allowed, call);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badSettings")
    void everyBadSettingIsRejectedNamingSettingValueAndWhatIsAllowed(String setting, String value, String allowed,
                                                                     Consumer<CircuitBreakerConfig.Builder> call) {
        assertThatThrownBy(() -> call.accept(CircuitBreakerConfig.builder()))
            .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                assertThat(e.setting()).isEqualTo(setting);
                assertThat(e.value()).isEqualTo(value);
                assertThat(e.allowed()).startsWith(allowed);
                assertThat(e.getMessage()).isEqualTo("Invalid " + setting + ": " + value + " (allowed: " + e.allowed() + ")");
            })
            .isInstanceOf(IllegalArgumentException.class);
    }
}
