package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryTest {

    private final FakeTime time = new FakeTime();

    private CircuitBreaker openBreaker(CircuitBreakerConfig.Builder builder) {
        CircuitBreaker breaker = CircuitBreaker.of("db", builder.failureThreshold(1).build());
        breaker.onError(0, new IOException("down"));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        return breaker;
    }

    @Test
    void openRejectsUntilTheRecoveryTimeoutThenReportsHalfOpen() {
        CircuitBreaker breaker = openBreaker(time.config().recoveryTimeout(Duration.ofSeconds(30)));
        Instant openedAt = time.instant();

        assertThatThrownBy(() -> breaker.call(() -> "x"))
            .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                assertThat(e.breakerName()).isEqualTo("db");
                assertThat(e.state()).isEqualTo(CircuitState.OPEN);
                assertThat(e.nextAttemptAt()).isEqualTo(openedAt.plusSeconds(30));
                assertThat(e.getStackTrace()).isEmpty();
                assertThat(e.getMessage()).isEqualTo("Circuit 'db' is OPEN; call rejected, next attempt at "
                    + openedAt.plusSeconds(30));
            });
        time.advance(Duration.ofSeconds(29));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().callPermitted()).isFalse();

        time.advance(Duration.ofSeconds(1));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.snapshot().callPermitted()).isTrue();
        assertThat(breaker.snapshot().rejected()).isEqualTo(1);
    }

    @Test
    void rejectionsOfOneOpenPeriodShareOneException() {
        CircuitBreaker breaker = openBreaker(time.config());
        CircuitOpenException first = rejection(breaker);
        CircuitOpenException second = rejection(breaker);
        assertThat(second).isSameAs(first);
    }

    private static CircuitOpenException rejection(CircuitBreaker breaker) {
        try {
            breaker.run(() -> { });
        } catch (CircuitOpenException e) {
            return e;
        }
        throw new AssertionError("not rejected");
    }

    @Test
    void aSuccessfulProbeClosesTheCircuit() throws Exception {
        CircuitBreaker breaker = openBreaker(time.config());
        time.advance(Duration.ofSeconds(60));

        assertThat(breaker.call(() -> "probe")).isEqualTo("probe");

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.history()).extracting(CircuitEvent::reason).containsSubsequence(
            "1 consecutive failure", "recovery timeout of 1m elapsed", "1 successful probe");
    }

    @Test
    void aFailedProbeReopensTheCircuit() {
        CircuitBreaker breaker = openBreaker(time.config());
        time.advance(Duration.ofSeconds(60));

        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onError(0, new IOException("still down"));

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(2); // the opening failure and the probe
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason)
            .isEqualTo("probe failed: IOException: still down");
    }

    @Test
    void halfOpenAdmitsOnlyTheConfiguredProbesAndClosesAfterTheSuccessThreshold() {
        CircuitBreaker breaker = openBreaker(time.config().halfOpenMaxCalls(2).successThreshold(3));
        time.advance(Duration.ofSeconds(60));

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThatThrownBy(() -> breaker.run(() -> { }))
            .isInstanceOfSatisfying(CircuitOpenException.class, e -> assertThat(e.state()).isEqualTo(CircuitState.HALF_OPEN));

        breaker.onSuccess(0);
        breaker.onSuccess(0);
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(0);

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().consecutiveFailures()).isZero();
    }

    @Test
    void aProbeThatNeverReportsBackCountsAsFailedAfterTheProbeTimeout() {
        CircuitBreaker breaker = openBreaker(time.config().halfOpenProbeTimeout(Duration.ofSeconds(10)));
        time.advance(Duration.ofSeconds(60));
        assertThat(breaker.tryAcquirePermission()).isTrue(); // and never reports back

        time.advance(Duration.ofSeconds(9));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);

        time.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason)
            .isEqualTo("probe did not complete within 10s");
        time.advance(Duration.ofSeconds(60));
        assertThat(breaker.tryAcquirePermission()).isTrue(); // a fresh probe, not wedged
    }

    @Test
    void aSlowProbeReopensWhenTheSlowCallPolicyIsOn() {
        CircuitBreaker breaker = openBreaker(time.config().slowCallRateThreshold(0.5)
            .slowCallDuration(Duration.ofSeconds(1)));
        time.advance(Duration.ofSeconds(60));
        assertThat(breaker.tryAcquirePermission()).isTrue();

        breaker.onSuccess(Duration.ofSeconds(2).toNanos());

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason).isEqualTo("probe was slow (2000 ms)");
    }

    @Test
    void backoffMultipliesTheOpenDurationPerFailedRecoveryUpToTheMaximumAndResetsOnSuccess() {
        CircuitBreaker breaker = openBreaker(time.config().recoveryTimeout(Duration.ofSeconds(10))
            .backoff(2.0, Duration.ofSeconds(35)));

        assertThat(failRecoveryAfter(breaker, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(20));
        assertThat(failRecoveryAfter(breaker, Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(35)); // 40 capped
        assertThat(failRecoveryAfter(breaker, Duration.ofSeconds(35))).isEqualTo(Duration.ofSeconds(35));

        time.advance(Duration.ofSeconds(35));
        breaker.tryAcquirePermission();
        breaker.onSuccess(0);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        breaker.onError(0, new IOException("down again"));
        assertThat(openDuration(breaker)).isEqualTo(Duration.ofSeconds(10));
    }

    /** Waits out the open period, fails the probe, and returns the length of the next open period. */
    private Duration failRecoveryAfter(CircuitBreaker breaker, Duration wait) {
        time.advance(wait.minusNanos(1));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        time.advance(Duration.ofNanos(1));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onError(0, new IOException("still down"));
        return openDuration(breaker);
    }

    private static Duration openDuration(CircuitBreaker breaker) {
        CircuitSnapshot snapshot = breaker.snapshot();
        return Duration.between(snapshot.openedAt(), snapshot.nextAttemptAt());
    }

    @Test
    void jitterSpreadsTheOpenDurationWithinItsBounds() {
        Duration min = Duration.ofSeconds(100);
        Duration max = Duration.ZERO;
        for (int i = 0; i < 500; i++) {
            CircuitBreaker breaker = openBreaker(time.config().recoveryTimeout(Duration.ofSeconds(10)).jitter(0.2));
            Duration open = openDuration(breaker);
            min = open.compareTo(min) < 0 ? open : min;
            max = open.compareTo(max) > 0 ? open : max;
        }
        assertThat(min).isBetween(Duration.ofSeconds(8), Duration.ofMillis(8500));
        assertThat(max).isBetween(Duration.ofMillis(11500), Duration.ofSeconds(12));
    }

    @Test
    void manualRecoveryStaysOpenUntilAnOperatorResets() {
        CircuitBreaker breaker = openBreaker(time.config().manualRecovery(true));
        time.advance(Duration.ofDays(1));

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> breaker.run(() -> { }))
            .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                assertThat(e.nextAttemptAt()).isNull();
                assertThat(e.getMessage()).isEqualTo("Circuit 'db' is OPEN; call rejected, waiting for an operator to reset it");
            });
        assertThat(breaker.snapshot().nextAttemptAt()).isNull();

        breaker.reset();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }
}
