package dev.circuit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Adaptive throttling with K = 2 against simulated dependencies, on a fake clock. */
class AdaptiveThrottlingTest {

    private final FakeTime time = new FakeTime();

    private CircuitBreaker breaker() {
        return CircuitBreaker.of("api", time.config().failureThreshold(0).adaptiveThrottling(2.0).build());
    }

    /** Attempts one call a millisecond; every call whose index modulo 100 is below the percentage fails. */
    private static double throttledRatio(CircuitBreaker breaker, FakeTime time, int failurePercent, int calls) {
        int throttled = 0;
        for (int i = 0; i < calls; i++) {
            time.advance(Duration.ofMillis(1));
            if (!breaker.tryAcquirePermission()) {
                throttled++;
            } else if (i % 100 < failurePercent) {
                breaker.onError(0, new IOException("down"));
            } else {
                breaker.onSuccess(0);
            }
        }
        return (double) throttled / calls;
    }

    @ParameterizedTest(name = "{0} % failing")
    @ValueSource(ints = {0, 20, 40})
    void aDependencyThatAnswersMostCallsIsNotThrottled(int failurePercent) {
        assertThat(throttledRatio(breaker(), time, failurePercent, 100_000)).isLessThan(0.02);
    }

    @Test
    void aDependencyThatFailsEveryCallGetsOnlyATrickle() {
        assertThat(throttledRatio(breaker(), time, 100, 100_000)).isGreaterThan(0.98);
    }

    @Test
    void anOverloadedDependencyReceivesAboutKTimesWhatItAccepts() {
        CircuitBreaker breaker = breaker();
        int[] received = new int[120];
        for (int second = 0; second < 120; second++) {
            int accepted = 0;
            for (int attempt = 0; attempt < 1000; attempt++) {
                time.advance(Duration.ofMillis(1));
                if (!breaker.tryAcquirePermission()) {
                    continue;
                }
                received[second]++;
                if (accepted < 100) {
                    accepted++;
                    breaker.onSuccess(0);
                } else {
                    breaker.onError(0, new IOException("overloaded"));
                }
            }
        }
        double settled = 0;
        for (int second = 90; second < 120; second++) {
            settled += received[second];
        }
        assertThat(settled / 30).isBetween(180.0, 220.0);
        assertThat(received[0]).isGreaterThan(received[119]);
    }

    @Test
    void aThrottledCallIsARejectionThatSaysSo() {
        CircuitBreaker breaker = breaker();
        throttledRatio(breaker, time, 100, 1_000);
        assertThat(breaker.snapshot().throttleProbability()).isGreaterThan(0.99);

        int rejectedBefore = (int) breaker.snapshot().rejected();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1_000; i++) {
                breaker.run(() -> { });
            }
        }).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
            assertThat(e.getMessage()).containsPattern("call throttled \\(rejection probability (0\\.99|1\\.00)\\)");
            assertThat(e.state()).isEqualTo(CircuitState.CLOSED);
            assertThat(e.nextAttemptAt()).isEqualTo(time.instant());
        });
        assertThat(breaker.snapshot().rejected()).isGreaterThan(rejectedBefore);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theWindowForgets() {
        CircuitBreaker breaker = breaker();
        throttledRatio(breaker, time, 100, 10_000);
        assertThat(breaker.metrics().throttleProbability()).isGreaterThan(0.99);

        time.advance(Duration.ofSeconds(60));
        assertThat(breaker.metrics().throttleProbability()).isZero();
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void offItNeverRejects() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(0).build());
        assertThat(throttledRatio(breaker, time, 100, 10_000)).isZero();
        assertThat(breaker.snapshot().throttleProbability()).isZero();
    }

    @Test
    void theTripPoliciesStillOpenTheCircuit() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(5).adaptiveThrottling(2.0).build());
        throttledRatio(breaker, time, 100, 100);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().throttleProbability()).isZero();
    }
}
