package dev.circuit.core;

import dev.circuit.core.CircuitMetrics.WindowOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings Resilience4j's YAML needs beyond circuit's own: an open-duration function, an automatic
 * move to HALF_OPEN, a maximum half-open duration, an ignore predicate, and the window's counts by outcome.
 */
class TimedTransitionsTest {

    private final FakeTime time = new FakeTime();

    private static void fail(CircuitBreaker breaker) {
        breaker.onError(0, new IOException("down"));
    }

    @Test
    void theOpenDurationFunctionDecidesEachOpeningByTheFailedRecoveriesSoFar() {
        List<Integer> asked = new ArrayList<>();
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .openDuration(failed -> {
                asked.add(failed);
                return Duration.ofSeconds(10L << failed);
            }).build());
        fail(breaker);
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(10));
        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        fail(breaker);
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(20));
        time.advance(Duration.ofSeconds(20));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        fail(breaker);
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(40));
        time.advance(Duration.ofSeconds(40));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(0);
        fail(breaker);
        assertThat(asked).containsExactly(0, 1, 2, 0);
    }

    @Test
    void withoutAutomaticHalfOpenTheOpenStateEndsOnlyWithTheNextCall() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .recoveryTimeout(Duration.ofSeconds(5)).build());
        fail(breaker);
        time.advance(Duration.ofSeconds(5));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN); // reported, not entered
        assertThat(breaker.history()).filteredOn(event -> event.type() == CircuitEvent.Type.STATE_TRANSITION)
            .extracting(CircuitEvent::to).containsExactly(CircuitState.OPEN);
    }

    @Test
    void automaticHalfOpenEntersHalfOpenAtTheFirstLookAfterTheOpenDuration() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .recoveryTimeout(Duration.ofSeconds(5)).automaticHalfOpen(true).build());
        List<CircuitEvent> transitions = new ArrayList<>();
        breaker.addListener(new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
                transitions.add(transition);
            }
        });
        fail(breaker);
        time.advance(Duration.ofSeconds(5).minusNanos(1));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(transitions).hasSize(1);
        time.advance(Duration.ofNanos(1));

        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(transitions).extracting(CircuitEvent::to).containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN);
        assertThat(breaker.snapshot().state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(transitions).hasSize(2);
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void aHalfOpenStateThatOutlivesItsMaximumReopensAndCountsAsAFailedRecovery() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .halfOpenPolicy(HalfOpenPolicy.RATE).halfOpenMaxCalls(3).failureRateThreshold(0.5)
            .slidingWindow(SlidingWindowType.COUNT_BASED, 10).minimumCalls(3)
            .openDuration(failed -> Duration.ofSeconds(10L * (failed + 1)))
            .maxHalfOpenDuration(Duration.ofSeconds(30), CircuitState.OPEN).build());
        fail(breaker);
        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquirePermission()).isTrue(); // HALF_OPEN; this call never reports back
        time.advance(Duration.ofSeconds(30).minusNanos(1));
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        time.advance(Duration.ofNanos(1));

        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(20));
        assertThat(breaker.history().get(breaker.history().size() - 1).reason())
            .isEqualTo("half-open for 30s without a decision");
    }

    @Test
    void aHalfOpenStateThatOutlivesItsMaximumMayCloseInstead() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1).halfOpenMaxCalls(2)
            .recoveryTimeout(Duration.ofSeconds(10)).maxHalfOpenDuration(Duration.ofSeconds(3), CircuitState.CLOSED).build());
        fail(breaker);
        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        time.advance(Duration.ofSeconds(3));

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void manyThreadsLookingAtAnExpiredStateMakeOneTransition() throws Exception {
        for (int round = 0; round < 200; round++) {
            FakeTime clock = new FakeTime();
            CircuitBreaker breaker = CircuitBreaker.of("db", clock.config().failureThreshold(1)
                .recoveryTimeout(Duration.ofSeconds(1)).automaticHalfOpen(true).build());
            AtomicInteger transitions = new AtomicInteger();
            breaker.addListener(new CircuitListener() {
                @Override
                public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
                    transitions.incrementAndGet();
                }
            });
            fail(breaker);
            clock.advance(Duration.ofSeconds(1));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < 8; t++) {
                threads.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    breaker.state();
                });
            }
            start.countDown();
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(transitions.get()).as("round " + round).isEqualTo(2); // CLOSED->OPEN, OPEN->HALF_OPEN
        }
    }

    @Test
    void theIgnorePredicateWinsOverWhatIsRecorded() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .recordExceptions(Throwable.class).ignoreCategories()
            .ignorePredicate(error -> error.getMessage() != null && error.getMessage().startsWith("benign")).build());
        breaker.onError(0, new IOException("benign hiccup"));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.metrics().ignored()).isEqualTo(1);
        breaker.onError(0, new IOException("down"));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void theWindowIsCountedByOutcome() {
        for (SlidingWindowType type : SlidingWindowType.values()) {
            CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(0)
                .failureRateThreshold(1.0).slowCallRateThreshold(1.0).slowCallDuration(Duration.ofMillis(100))
                .slidingWindow(type, 4).minimumCalls(100).build());
            long slow = Duration.ofMillis(200).toNanos();
            breaker.onSuccess(0);
            breaker.onSuccess(slow);
            breaker.onError(slow, new IOException("slow and down"));
            breaker.onError(0, new IOException("down"));
            CircuitMetrics metrics = breaker.metrics();
            assertThat(List.of(metrics.windowCalls(WindowOutcome.ALL), metrics.windowCalls(WindowOutcome.FAILED),
                metrics.windowCalls(WindowOutcome.SLOW), metrics.windowCalls(WindowOutcome.SLOW_FAILED)))
                .as(type.name()).containsExactly(4, 2, 2, 1);
            if (type == SlidingWindowType.COUNT_BASED) {
                breaker.onSuccess(0); // replaces the first success
                breaker.onSuccess(0); // replaces the slow success
                breaker.onSuccess(0); // replaces the slow failure
                assertThat(metrics.windowCalls(WindowOutcome.SLOW_FAILED)).isZero();
                assertThat(metrics.windowCalls(WindowOutcome.FAILED)).isEqualTo(1);
            }
        }
    }

    @Test
    void invalidSettingsNameTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().maxHalfOpenDuration(Duration.ZERO, CircuitState.OPEN))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("maxHalfOpenDuration")
            .hasMessageContaining("a positive duration");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().maxHalfOpenDuration(Duration.ofSeconds(1), CircuitState.FORCED_OPEN))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("stateAfterMaxHalfOpen")
            .hasMessageContaining("OPEN or CLOSED");
    }
}
