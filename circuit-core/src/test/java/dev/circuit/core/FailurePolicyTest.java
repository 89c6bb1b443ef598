package dev.circuit.core;

import dev.circuit.core.FailurePolicy.Condition;
import dev.circuit.core.FailurePolicy.Verdict;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLSyntaxErrorException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FailurePolicyTest {

    @Test
    void theDefaultsRecordEveryExceptionAndIgnoreTwoCategories() {
        FailurePolicy policy = CircuitBreakerConfig.defaults().failurePolicy();

        assertThat(policy.conditions()).extracting(Condition::description).containsExactly(
            "not a recordExceptions type [Exception]: IGNORED",
            "the classifier's category, ignored if one of [AUTHENTICATION, QUERY]: a failure of that category");
        assertThat(policy.judge(new ConnectException("refused"))).isEqualTo(Verdict.failure(ErrorCategory.CONNECTION));
        assertThat(policy.judge(new SQLSyntaxErrorException("bad SQL"))).isEqualTo(Verdict.IGNORED);
        assertThat(policy.judge(new AssertionError("an Error is not an Exception"))).isEqualTo(Verdict.IGNORED);
    }

    @Test
    void everySettingThatClassifiesErrorsIsOneConditionInTheDocumentedOrder() {
        FailurePolicy policy = CircuitBreakerConfig.builder()
            .ignoreExceptions(IllegalArgumentException.class)
            .ignorePredicate(error -> "skip".equals(error.getMessage()))
            .recordExceptions(IOException.class, IllegalStateException.class)
            .failurePredicate(error -> !"declined".equals(error.getMessage()))
            .unrecordedErrorsSucceed(true)
            .ignoreCategories(ErrorCategory.TIMEOUT)
            .build().failurePolicy();

        assertThat(policy.conditions()).extracting(Condition::description).containsExactly(
            "an ignoreExceptions type [IllegalArgumentException]: ignored",
            "the ignorePredicate accepts it: ignored",
            "not a recordExceptions type [IOException, IllegalStateException]: SUCCESS",
            "the failurePredicate declines it: SUCCESS",
            "the classifier's category, ignored if one of [TIMEOUT]: a failure of that category");
        // each condition decides where it stands, the earlier ones first
        assertThat(policy.judge(new IllegalArgumentException("skip"))).isEqualTo(Verdict.IGNORED);
        assertThat(policy.judge(new IOException("skip"))).isEqualTo(Verdict.IGNORED);
        assertThat(policy.judge(new UnsupportedOperationException("not recorded"))).isEqualTo(Verdict.SUCCESS);
        assertThat(policy.judge(new IOException("declined"))).isEqualTo(Verdict.SUCCESS);
        assertThat(policy.judge(new SocketTimeoutException("slow"))).isEqualTo(Verdict.IGNORED);
        assertThat(policy.judge(new ConnectException("refused"))).isEqualTo(Verdict.failure(ErrorCategory.CONNECTION));
        assertThat(policy.judge(new IllegalStateException("odd"))).isEqualTo(Verdict.failure(ErrorCategory.UNKNOWN));
    }

    @Test
    void aConfigurationThatRecordsEverythingHasOnlyTheClassifier() {
        FailurePolicy policy = CircuitBreakerConfig.builder().recordExceptions(Throwable.class).ignoreCategories()
            .build().failurePolicy();

        assertThat(policy.conditions()).hasSize(1);
        assertThat(policy.judge(new AssertionError("boom"))).isEqualTo(Verdict.failure(ErrorCategory.UNKNOWN));
        assertThat(policy.judge(new SQLSyntaxErrorException("bad SQL"))).isEqualTo(Verdict.failure(ErrorCategory.QUERY));
    }

    @Test
    void aDerivedConfigurationJudgesByItsOwnSettings() {
        CircuitBreakerConfig base = CircuitBreakerConfig.builder().ignoreExceptions(IllegalStateException.class).build();
        CircuitBreakerConfig derived = base.toBuilder().ignoreExceptions().build();

        assertThat(base.failurePolicy().judge(new IllegalStateException())).isEqualTo(Verdict.IGNORED);
        assertThat(derived.failurePolicy().judge(new IllegalStateException()))
            .isEqualTo(Verdict.failure(ErrorCategory.UNKNOWN));
        assertThat(base.ignoreExceptions()).containsExactly(IllegalStateException.class);
    }

    /** A setting is a field with its default, an accessor and a builder method: a missing one fails here. */
    @Test
    void everySettingHasAnAccessorABuilderMethodAndAPlaceInToString() {
        Set<String> accessors = Arrays.stream(CircuitBreakerConfig.class.getMethods())
            .filter(m -> m.getParameterCount() == 0).map(m -> m.getName()).collect(Collectors.toSet());
        Set<String> builderMethods = Arrays.stream(CircuitBreakerConfig.Builder.class.getMethods())
            .map(m -> m.getName()).collect(Collectors.toSet());
        builderMethods.add("stateAfterMaxHalfOpen"); // set with maxHalfOpenDuration(duration, then)
        List<String> settings = Arrays.stream(CircuitBreakerConfig.class.getDeclaredFields())
            .filter(field -> !Modifier.isStatic(field.getModifiers()) && field.getType() != FailurePolicy.class)
            .map(Field::getName).toList();
        String described = CircuitBreakerConfig.defaults().toString();

        assertThat(settings).hasSizeGreaterThan(30);
        assertThat(settings).allSatisfy(setting -> {
            assertThat(accessors).as("accessor").contains(setting);
            assertThat(builderMethods).as("builder method").contains(setting);
            assertThat(described).contains(setting + "=");
        });
    }

    @Test
    void aBuilderKeepsWritingItsOwnCopyAfterBuild() {
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder().failureThreshold(3);
        CircuitBreakerConfig first = builder.build();
        CircuitBreakerConfig second = builder.failureThreshold(7).build();

        assertThat(first.failureThreshold()).isEqualTo(3);
        assertThat(second.failureThreshold()).isEqualTo(7);
        assertThat(CircuitBreakerConfig.defaults().failureThreshold()).isEqualTo(5);
    }
}
