package dev.circuit.core;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The engine on Java 21+ virtual threads (the build runs this class on Temurin 25 as well as on Java 17,
 * where it is skipped): 2,000 virtual threads hammer HALF_OPEN at once and the admissions stay exact, and
 * JFR records no {@code jdk.VirtualThreadPinned} event, so no virtual thread held its carrier while it
 * waited in or around a protected call: the breaker takes no lock.
 */
class VirtualThreadsTest {

    private static final int THREADS = 2_000;

    /**
     * Skips on Java 17, and runs one round first: the JDK's own first-use work (loading and initialising
     * classes) can pin a virtual thread once; what is checked is the breaker in steady state.
     */
    @BeforeAll
    static void onJava21OrLaterWarmedUp() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21 or later");
        round(3);
    }

    private static ExecutorService virtualThreads() throws ReflectiveOperationException {
        // Java 21 API, called reflectively: this module compiles for Java 17
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }

    /** What one round saw. */
    private record Round(int mostAtOnce, int admitted, int rejected, CircuitSnapshot snapshot, List<RecordedEvent> pinned) {
    }

    /**
     * Opens a breaker, lets its recovery timeout pass, then starts {@link #THREADS} virtual threads at once
     * on it while JFR records pinning.
     */
    private static Round round(int maxProbes) throws Exception {
        FakeTime time = new FakeTime();
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .halfOpenMaxCalls(maxProbes).successThreshold(Integer.MAX_VALUE).build());
        breaker.recordFailure(new IOException("down"));
        time.advance(Duration.ofMinutes(1));

        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<RecordedEvent> pinned = new CopyOnWriteArrayList<>();
        try (RecordingStream jfr = new RecordingStream()) {
            jfr.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            jfr.onEvent("jdk.VirtualThreadPinned", pinned::add);
            jfr.startAsync();
            ExecutorService pool = virtualThreads();
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    calls.add(pool.submit(() -> {
                        go.await();
                        try {
                            breaker.call(() -> {
                                mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                admitted.incrementAndGet();
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a slow probe
                                inFlight.decrementAndGet();
                                return null;
                            });
                        } catch (CircuitOpenException e) {
                            rejected.incrementAndGet();
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> call : calls) {
                    call.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            RecordingStream.class.getMethod("stop").invoke(jfr); // Java 20+: delivers every event recorded so far
        }
        return new Round(mostAtOnce.get(), admitted.get(), rejected.get(), breaker.snapshot(), pinned);
    }

    @RepeatedTest(5)
    void halfOpenAdmitsExactlyTheConfiguredProbesAndNothingPins() throws Exception {
        Round round = round(3);

        assertThat(round.mostAtOnce()).isLessThanOrEqualTo(3);
        assertThat(round.admitted() + round.rejected()).isEqualTo(THREADS);
        assertThat(round.admitted()).isGreaterThanOrEqualTo(3);
        assertThat(round.snapshot().successes()).isEqualTo(round.admitted());
        assertThat(round.snapshot().rejected()).isEqualTo(round.rejected());
        assertThat(round.pinned()).as("virtual threads pinned to their carrier").isEmpty();
    }
}
