package dev.circuit.core;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Real threads, many rounds: admission limits hold and no count is lost. */
class ConcurrencyTest {

    private static final int THREADS = 16;

    private static void onThreads(int threads, Runnable body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run();
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @RepeatedTest(20)
    void halfOpenNeverRunsMoreThanTheConfiguredProbesAtOnce() throws Exception {
        int maxProbes = 3;
        FakeTime time = new FakeTime();
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .halfOpenMaxCalls(maxProbes).successThreshold(Integer.MAX_VALUE).build());
        breaker.recordFailure(new IOException("down"));
        time.advance(Duration.ofMinutes(1));

        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        onThreads(THREADS, () -> {
            for (int i = 0; i < 2_000; i++) {
                try {
                    breaker.call(() -> {
                        int now = inFlight.incrementAndGet();
                        mostAtOnce.accumulateAndGet(now, Math::max);
                        admitted.incrementAndGet();
                        Thread.onSpinWait();
                        inFlight.decrementAndGet();
                        return null;
                    });
                } catch (CircuitOpenException rejected) {
                    // expected while every probe slot is taken
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });

        assertThat(mostAtOnce.get()).isBetween(1, maxProbes);
        CircuitSnapshot snapshot = breaker.snapshot();
        assertThat(snapshot.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(snapshot.successes()).isEqualTo(admitted.get());
        assertThat(snapshot.successes() + snapshot.rejected()).isEqualTo(THREADS * 2_000L);
        // every slot was given back: exactly maxProbes new probes fit
        for (int i = 0; i < maxProbes; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
        }
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @RepeatedTest(20)
    void exactlyOneThreadOwnsEachTransition() throws Exception {
        FakeTime time = new FakeTime();
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(5).historySize(10_000).build());
        AtomicInteger opened = new AtomicInteger();
        breaker.addListener(new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
                if (transition.to() == CircuitState.OPEN) {
                    opened.incrementAndGet();
                }
            }
        });

        onThreads(THREADS, () -> {
            for (int i = 0; i < 100; i++) {
                breaker.recordFailure(new IOException("down"));
            }
        });

        assertThat(opened.get()).isEqualTo(1);
        assertThat(breaker.history()).filteredOn(e -> e.type() == CircuitEvent.Type.STATE_TRANSITION).hasSize(1);
    }

    @Test
    void noCountIsLostUnderContention() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("db", CircuitBreakerConfig.builder().failureThreshold(0)
            .failureRateThreshold(1.0).slidingWindow(SlidingWindowType.COUNT_BASED, 1_000).build());
        int perThread = 50_000;

        onThreads(THREADS, () -> {
            for (int i = 0; i < perThread; i++) {
                if (i % 10 == 0) {
                    breaker.recordFailure(new IOException("x"));
                } else if (i % 10 == 1) {
                    breaker.recordFailure(new java.sql.SQLSyntaxErrorException("ignored"));
                } else {
                    breaker.recordSuccess();
                }
            }
        });

        CircuitSnapshot snapshot = breaker.snapshot();
        long total = (long) THREADS * perThread;
        assertThat(snapshot.failures()).isEqualTo(total / 10);
        assertThat(snapshot.ignored()).isEqualTo(total / 10);
        assertThat(snapshot.successes()).isEqualTo(total * 8 / 10);
        assertThat(snapshot.bufferedCalls()).isEqualTo(1_000);
        assertThat(snapshot.state()).isEqualTo(CircuitState.CLOSED);
    }

    @RepeatedTest(5)
    void theCountWindowAddsUpExactlyOnceTheThreadsAreDone() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("db", CircuitBreakerConfig.builder().failureThreshold(0)
            .failureRateThreshold(1.0).slidingWindow(SlidingWindowType.COUNT_BASED, 64).minimumCalls(64).build());

        onThreads(THREADS, () -> {
            for (int i = 0; i < 20_000; i++) {
                breaker.onSuccess(0);
                breaker.onError(0, new IOException("x")); // never 100 %: successes interleave
            }
        });
        // every thread ends with a failure, then a final pass of 64 known outcomes settles the window
        for (int i = 0; i < 64; i++) {
            if (i % 4 == 0) {
                breaker.onError(0, new IOException("x"));
            } else {
                breaker.onSuccess(0);
            }
        }
        CircuitSnapshot snapshot = breaker.snapshot();
        assertThat(snapshot.bufferedCalls()).isEqualTo(64);
        assertThat(snapshot.failureRate()).isEqualTo(0.25);
    }

    @Test
    void stateAndConfigurationNeverDisagreeAfterConcurrentReconfigurations() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 2_000; round++) {
                FakeTime time = new FakeTime();
                CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
                CircuitBreakerConfig two = breaker.config().toBuilder().failureThreshold(2).build();
                CircuitBreakerConfig three = breaker.config().toBuilder().failureThreshold(3).build();
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?> racing = other.submit(() -> {
                    start.await();
                    breaker.reconfigure(two);
                    return null;
                });
                start.await();
                breaker.reconfigure(three);
                racing.get(10, TimeUnit.SECONDS);

                int threshold = breaker.config().failureThreshold();
                for (int i = 1; i < threshold; i++) {
                    breaker.recordFailure(new IOException("x"));
                }
                assertThat(breaker.state()).as("round %d: below the threshold in force", round).isEqualTo(CircuitState.CLOSED);
                breaker.recordFailure(new IOException("x"));
                assertThat(breaker.state()).as("round %d: at the threshold in force", round).isEqualTo(CircuitState.OPEN);
            }
        } finally {
            other.shutdownNow();
        }
    }
}
