package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A call that never returns is seen before it returns: as a slow call in flight, and under a cap on calls in flight. */
class CallsInFlightTest {

    private final FakeTime time = new FakeTime();

    private CircuitBreakerConfig.Builder slowCallPolicy() {
        return time.config().failureThreshold(0).slowCallRateThreshold(0.5).slowCallDuration(Duration.ofMillis(500))
            .minimumCalls(4).slidingWindow(SlidingWindowType.COUNT_BASED, 10);
    }

    @Test
    void callsRunningPastTheSlowCallDurationOpenTheCircuitBeforeAnyEnds() {
        CircuitBreaker breaker = CircuitBreaker.of("db", slowCallPolicy().build());
        for (int i = 0; i < 8; i++) {
            breaker.acquirePermission();
        }

        time.advance(Duration.ofMillis(400));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().callsInFlight()).isEqualTo(8);
        assertThat(breaker.snapshot().oldestCallInFlight()).isEqualTo(Duration.ofMillis(400));

        time.advance(Duration.ofMillis(200)); // 600 ms: past 500 ms by more than the precision (500 / 8)
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        CircuitEvent opened = breaker.history().get(breaker.history().size() - 1);
        assertThat(opened.reason()).isEqualTo("slow-call rate 100.0% >= 50.0% over 8 calls, 8 calls in flight past 500ms");
        assertThatThrownBy(() -> breaker.call(() -> "rejected")).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aCallInFlightIsCountedOnceWhenItEnds() {
        CircuitBreaker breaker = CircuitBreaker.of("db", slowCallPolicy().slowCallRateThreshold(0.9).build());
        for (int i = 0; i < 4; i++) {
            breaker.acquirePermission(); // four calls that will take 600 ms
        }
        for (int i = 0; i < 6; i++) {
            breaker.run(() -> { }); // six fast ones
        }
        time.advance(Duration.ofMillis(600));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED); // (0 + 4) / (6 + 4) = 40 % < 90 %
        assertThat(breaker.snapshot().callsInFlight()).isEqualTo(4);

        for (int i = 0; i < 4; i++) {
            breaker.onSuccess(Duration.ofMillis(600).toNanos());
        }

        CircuitSnapshot snapshot = breaker.snapshot();
        assertThat(snapshot.callsInFlight()).isZero();
        assertThat(snapshot.oldestCallInFlight()).isNull();
        assertThat(snapshot.bufferedCalls()).isEqualTo(10);
        assertThat(snapshot.slowCallRate()).isEqualTo(0.4);
        assertThat(snapshot.successes()).isEqualTo(10);
    }

    @Test
    void withoutTheSlowCallPolicyCallsInFlightAreNotCounted() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
        breaker.acquirePermission();

        assertThat(breaker.snapshot().callsInFlight()).isEqualTo(-1);
        assertThat(breaker.snapshot().oldestCallInFlight()).isNull();
    }

    @Test
    void aCallBeyondTheCapIsRejectedWithoutRunningAndCountsAsAResourceFailure() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("partner", time.config().maxConcurrentCalls(2).failureThreshold(3).build());
        breaker.acquirePermission();
        breaker.acquirePermission();
        AtomicInteger ran = new AtomicInteger();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaker.call(ran::incrementAndGet))
                .isInstanceOfSatisfying(CircuitSaturatedException.class, e -> {
                    assertThat(e.breakerName()).isEqualTo("partner");
                    assertThat(e.maxConcurrentCalls()).isEqualTo(2);
                    assertThat(e.nextAttemptAt()).isNull();
                    assertThat(e).hasMessage("Circuit 'partner' is saturated: 2 calls in flight (max-concurrent-calls 2);"
                        + " call rejected, next attempt when one of them ends");
                });
        }
        assertThat(ran).hasValue(0);
        CircuitSnapshot snapshot = breaker.snapshot();
        assertThat(snapshot.callsInFlight()).isEqualTo(2);
        assertThat(snapshot.rejected()).isEqualTo(2);
        assertThat(snapshot.failures()).isEqualTo(2);
        assertThat(snapshot.lastFailure().category()).isEqualTo(ErrorCategory.RESOURCE);

        breaker.onSuccess(0); // one ends: the next call runs, and its success resets the consecutive failures
        assertThat(breaker.call(ran::incrementAndGet)).isEqualTo(1);
        assertThat(breaker.snapshot().consecutiveFailures()).isZero();
        assertThat(breaker.snapshot().callsInFlight()).isEqualTo(1);
    }

    @Test
    void aDependencyThatHangsOpensTheCircuitUnderTheDefaultPolicyWithACap() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().maxConcurrentCalls(10).build());
        for (int i = 0; i < 10; i++) {
            breaker.acquirePermission(); // ten calls hang
        }
        for (int i = 0; i < 5; i++) { // the default failure threshold
            assertThatThrownBy(breaker::acquirePermission).isInstanceOf(CircuitSaturatedException.class);
        }

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(breaker::acquirePermission).isNotInstanceOf(CircuitSaturatedException.class)
            .isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void saturationCanCountOnlyAsARejection() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().maxConcurrentCalls(1).saturatedCallsFail(false).build());
        breaker.acquirePermission();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(breaker::acquirePermission).isInstanceOf(CircuitSaturatedException.class);
        }

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().failures()).isZero();
        assertThat(breaker.snapshot().rejected()).isEqualTo(10);
    }

    @Test
    void aSaturatedHalfOpenCircuitGivesTheProbeSlotBack() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().maxConcurrentCalls(1).halfOpenMaxCalls(1)
            .recoveryTimeout(Duration.ofSeconds(1)).build());
        breaker.acquirePermission(); // a call from CLOSED that hangs
        breaker.forceOpen();
        breaker.transitionTo(CircuitState.HALF_OPEN);

        assertThatThrownBy(breaker::acquirePermission).isInstanceOfSatisfying(CircuitSaturatedException.class,
            e -> assertThat(e.state()).isEqualTo(CircuitState.HALF_OPEN));
        breaker.onSuccess(0); // the hung call ends: its outcome belongs to CLOSED, which is gone
        breaker.acquirePermission(); // the first probe: its slot was not kept by the rejected call
        breaker.onSuccess(0);

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theCapHoldsUnderManyThreadsAndNoCountIsLost() throws Exception {
        int cap = 3;
        int threads = 8;
        int callsPerThread = 2_000;
        for (int round = 0; round < 5; round++) {
            CircuitBreaker breaker = CircuitBreaker.of("db", CircuitBreakerConfig.builder().maxConcurrentCalls(cap)
                .saturatedCallsFail(false).build());
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                Future<?>[] done = new Future<?>[threads];
                for (int t = 0; t < threads; t++) {
                    done[t] = pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < callsPerThread; i++) {
                            try {
                                breaker.run(() -> {
                                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                                    Thread.onSpinWait();
                                    running.decrementAndGet();
                                });
                                completed.incrementAndGet();
                            } catch (CircuitSaturatedException expected) {
                                // counted as a rejection
                            }
                        }
                        return null;
                    });
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            CircuitSnapshot snapshot = breaker.snapshot();
            assertThat(most.get()).isLessThanOrEqualTo(cap);
            assertThat(snapshot.callsInFlight()).isZero();
            assertThat(snapshot.successes()).isEqualTo(completed.get());
            assertThat(snapshot.successes() + snapshot.rejected()).isEqualTo((long) threads * callsPerThread);
        }
    }

    @Test
    void eightThreadsBlockedForeverOpenTheCircuitAboutHalfASecondLater() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("db", CircuitBreakerConfig.builder().failureThreshold(0)
            .slowCallRateThreshold(0.5).slowCallDuration(Duration.ofMillis(500)).minimumCalls(4)
            .slidingWindow(SlidingWindowType.COUNT_BASED, 10).build());
        CountDownLatch never = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> breaker.run(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            await().atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(10))
                .until(() -> breaker.state() == CircuitState.OPEN);
            long openedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(openedAfter).isBetween(500L, 1_500L);
            long before = System.nanoTime();
            assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);
            assertThat(System.nanoTime() - before).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(breaker.snapshot().callsInFlight()).isEqualTo(8);
        } finally {
            never.countDown();
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.snapshot().callsInFlight() == 0);
    }
}
