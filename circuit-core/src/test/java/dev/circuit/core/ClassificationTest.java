package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLSyntaxErrorException;

import static org.assertj.core.api.Assertions.assertThat;

class ClassificationTest {

    private final FakeTime time = new FakeTime();

    @Test
    void aConfigurationThatIgnoresNoCategoryCanBeDerived() {
        CircuitBreakerConfig none = time.config().ignoreCategories().build();
        assertThat(none.toBuilder().failureThreshold(3).build().ignoreCategories()).isEmpty();
    }

    @Test
    void withResilience4jsRuleAnErrorThatIsNotRecordedIsASuccess() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(2)
            .recordExceptions(java.io.IOException.class).ignoreExceptions(IllegalArgumentException.class)
            .unrecordedErrorsSucceed(true).build());

        breaker.onError(0, new ConnectException("refused"));         // recorded: a failure
        breaker.onError(0, new IllegalStateException("not recorded")); // a success: resets the run of failures
        breaker.onError(0, new IllegalArgumentException("ignored"));   // still ignored
        breaker.onError(0, new ConnectException("refused"));

        CircuitSnapshot snapshot = breaker.snapshot();
        assertThat(snapshot.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(snapshot.failures()).isEqualTo(2);
        assertThat(snapshot.successes()).isEqualTo(1);
        assertThat(snapshot.ignored()).isEqualTo(1);
        assertThat(snapshot.consecutiveFailures()).isEqualTo(1);

        CircuitBreaker byDefault = CircuitBreaker.of("db", time.config().recordExceptions(java.io.IOException.class).build());
        byDefault.onError(0, new IllegalStateException("not recorded"));
        assertThat(byDefault.snapshot().ignored()).isEqualTo(1);
        assertThat(byDefault.snapshot().successes()).isZero();
    }

    @Test
    void ignoredCategoriesNeitherOpenNorCloseTheCircuit() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(2).build());

        breaker.onError(0, new ConnectException("refused"));
        for (int i = 0; i < 10; i++) {
            breaker.onError(0, new SQLSyntaxErrorException("bad SQL")); // QUERY: ignored by default
        }

        CircuitSnapshot snapshot = breaker.snapshot();
        assertThat(snapshot.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(snapshot.consecutiveFailures()).isEqualTo(1);
        assertThat(snapshot.ignored()).isEqualTo(10);
        assertThat(snapshot.failures()).isEqualTo(1);
        assertThat(snapshot.lastFailure().category()).isEqualTo(ErrorCategory.CONNECTION);
    }

    @Test
    void withNoIgnoredCategoriesAQueryErrorIsAFailure() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1).ignoreCategories().build());
        breaker.onError(0, new SQLSyntaxErrorException("bad SQL"));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void ignoredExceptionsWinOverRecordedOnes() {
        CircuitBreaker breaker = CircuitBreaker.of("files", time.config().failureThreshold(1)
            .recordExceptions(IOException.class).ignoreExceptions(FileNotFoundException.class).build());

        breaker.onError(0, new FileNotFoundException("missing"));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        breaker.onError(0, new IllegalArgumentException("not recorded"));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().ignored()).isEqualTo(2);

        breaker.onError(0, new IOException("disk"));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void theFailurePredicateMustAlsoAcceptAFailure() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(1)
            .failurePredicate(e -> !e.getMessage().contains("404")).build());

        breaker.onError(0, new IOException("HTTP 404"));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        breaker.onError(0, new IOException("HTTP 503"));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void theResultPredicateMarksAReturnedValueAsAFailureWhileTheCallerStillGetsIt() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(2)
            .resultPredicate(result -> Integer.valueOf(503).equals(result)).build());

        assertThat(breaker.call(() -> 503)).isEqualTo(503);
        assertThat(breaker.call(() -> 200)).isEqualTo(200);
        assertThat(breaker.snapshot().consecutiveFailures()).isZero();
        breaker.call(() -> 503);
        breaker.call(() -> 503);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().lastFailure().errorType()).isEqualTo(FailedResultException.class.getName());
        assertThat(breaker.snapshot().lastFailure().reason()).isEqualTo("FailedResultException: result marked as failure: 503");
    }

    @Test
    void aCustomClassifierDecidesTheCategory() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(1)
            .classifier(e -> e.getMessage().contains("401") ? ErrorCategory.AUTHENTICATION : ErrorClassifier.defaults().classify(e))
            .build());

        breaker.onError(0, new IOException("HTTP 401"));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        breaker.onError(0, new IOException("HTTP 500"));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().lastFailure().category()).isEqualTo(ErrorCategory.UNKNOWN);
    }
}
