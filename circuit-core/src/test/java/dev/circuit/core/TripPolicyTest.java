package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TripPolicyTest {

    private final FakeTime time = new FakeTime();

    private static void fail(CircuitBreaker breaker) {
        breaker.onError(0, new IOException("down"));
    }

    @Test
    void consecutiveFailuresOpenTheCircuitAtTheThreshold() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(3).build());

        fail(breaker);
        fail(breaker);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(2);

        fail(breaker);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.history()).last().satisfies(event -> {
            assertThat(event.type()).isEqualTo(CircuitEvent.Type.STATE_TRANSITION);
            assertThat(event.from()).isEqualTo(CircuitState.CLOSED);
            assertThat(event.to()).isEqualTo(CircuitState.OPEN);
            assertThat(event.reason()).isEqualTo("3 consecutive failures");
            assertThat(event.errorType()).isEqualTo(IOException.class.getName());
            assertThat(event.category()).isEqualTo(ErrorCategory.UNKNOWN);
        });
    }

    @Test
    void aSuccessStartsTheConsecutiveCountAgain() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(3).build());

        fail(breaker);
        fail(breaker);
        breaker.onSuccess(0);
        fail(breaker);
        fail(breaker);

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void thresholdZeroSwitchesTheConsecutivePolicyOff() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(0).build());
        for (int i = 0; i < 1000; i++) {
            fail(breaker);
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void failureRateOverACountWindowOpensOnceTheMinimumIsReached() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(0)
            .failureRateThreshold(0.5).slidingWindow(SlidingWindowType.COUNT_BASED, 10).minimumCalls(4).build());

        fail(breaker);
        fail(breaker);
        breaker.onSuccess(0);
        assertThat(breaker.snapshot().failureRate()).isEqualTo(-1);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

        fail(breaker); // 3 failures of 4 calls = 75 %
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason)
            .isEqualTo("failure rate 75.0% >= 50.0% over 4 calls");
    }

    @Test
    void aCountWindowForgetsCallsOlderThanItsSize() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(0)
            .failureRateThreshold(0.5).slidingWindow(SlidingWindowType.COUNT_BASED, 4).minimumCalls(4).build());

        fail(breaker);
        for (int i = 0; i < 4; i++) {
            breaker.onSuccess(0);
        }
        CircuitSnapshot snapshot = breaker.snapshot();
        assertThat(snapshot.bufferedCalls()).isEqualTo(4);
        assertThat(snapshot.failureRate()).isZero();

        fail(breaker);
        assertThat(breaker.snapshot().failureRate()).isEqualTo(0.25);
        fail(breaker); // 2 of the last 4
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void failureRateOverATimeWindowForgetsOldSeconds() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(0)
            .failureRateThreshold(0.5).slidingWindow(SlidingWindowType.TIME_BASED, 10).minimumCalls(3).build());

        fail(breaker);
        fail(breaker);
        time.advance(Duration.ofSeconds(11)); // both failures leave the window
        breaker.onSuccess(0);
        breaker.onSuccess(0);
        fail(breaker);

        assertThat(breaker.snapshot().bufferedCalls()).isEqualTo(3);
        assertThat(breaker.snapshot().failureRate()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

        time.advance(Duration.ofSeconds(5));
        fail(breaker); // 2 of 4 within the last 10 s
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void slowCallRateOpensTheCircuit() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(0)
            .slowCallRateThreshold(0.5).slowCallDuration(Duration.ofSeconds(2))
            .slidingWindow(SlidingWindowType.COUNT_BASED, 4).minimumCalls(4).build());
        long slow = Duration.ofSeconds(2).toNanos() + 1;
        long exactlyTheSlowCallDuration = Duration.ofSeconds(2).toNanos();

        breaker.onSuccess(exactlyTheSlowCallDuration); // slow means longer than the duration, as in Resilience4j
        breaker.onSuccess(slow);
        breaker.onSuccess(exactlyTheSlowCallDuration);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        breaker.onSuccess(slow);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason)
            .isEqualTo("slow-call rate 50.0% >= 50.0% over 4 calls");
    }

    @Test
    void callMeasuresDurationsWithTheInjectedTickerForTheSlowCallPolicy() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(0)
            .slowCallRateThreshold(1.0).slowCallDuration(Duration.ofSeconds(1))
            .slidingWindow(SlidingWindowType.COUNT_BASED, 2).minimumCalls(2).build());

        breaker.call(() -> {
            time.advance(Duration.ofSeconds(3));
            return "slow";
        });
        breaker.call(() -> {
            time.advance(Duration.ofMillis(1001));
            return "slow too";
        });

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().slowCallRate()).isEqualTo(-1); // the window went with CLOSED
    }

    @Test
    void aLoweredThresholdIsJudgedOnTheNextOutcomeEvenWhenTheCountsDoNotChange() {
        CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(0).failureRateThreshold(0.6)
            .slidingWindow(SlidingWindowType.COUNT_BASED, 4).minimumCalls(4).build());
        breaker.recordFailure(new IOException("1"));
        breaker.recordSuccess();
        breaker.recordFailure(new IOException("2"));
        breaker.recordSuccess(); // 50 %: below 60 %
        breaker.recordFailure(new IOException("3")); // replaces a failure: the counts stay at 50 %
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

        breaker.reconfigure(breaker.config().toBuilder().failureRateThreshold(0.5).build());
        breaker.recordSuccess(); // replaces a success: the counts stay at 50 %, now at the threshold
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }
}
