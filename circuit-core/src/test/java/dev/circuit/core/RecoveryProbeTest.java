package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Active recovery probes: the breaker checks recovery itself, and no user call is sacrificed. */
class RecoveryProbeTest {

    private final FakeTime time = new FakeTime();
    private final AtomicBoolean up = new AtomicBoolean();
    private final AtomicInteger checks = new AtomicInteger();
    private final AtomicInteger reached = new AtomicInteger();

    private boolean check() {
        checks.incrementAndGet();
        return up.get();
    }

    private CircuitBreakerConfig.Builder config() {
        return time.config().failureThreshold(2).recoveryTimeout(Duration.ofSeconds(10)).recoveryProbe(this::check);
    }

    private String dependency() throws IOException {
        reached.incrementAndGet();
        if (!up.get()) {
            throw new IOException("down");
        }
        return "ok";
    }

    private void trip(CircuitBreaker breaker) {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaker.call(this::dependency)).isInstanceOf(IOException.class);
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void noProbeIsDueWhileClosedOrBeforeTheTimeout() {
        CircuitBreaker breaker = CircuitBreaker.of("db", config().build());
        assertThat(breaker.probeNow()).isEqualTo(ProbeResult.NOT_DUE);
        trip(breaker);
        time.advance(Duration.ofSeconds(9));
        assertThat(breaker.probeNow()).isEqualTo(ProbeResult.NOT_DUE);
        assertThat(checks).hasValue(0);
    }

    @Test
    void userCallsNeverReachTheDependencyOnceOpenAndTheProbeClosesTheCircuit() {
        CircuitBreaker breaker = CircuitBreaker.of("db", config().build());
        trip(breaker);
        time.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.call(this::dependency)).isInstanceOf(CircuitOpenException.class);
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(reached).hasValue(2);

        up.set(true);
        assertThat(breaker.probeNow()).isEqualTo(ProbeResult.RECOVERED);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(reached).hasValue(2);
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason).isEqualTo("1 successful probe");
    }

    @Test
    void aFailedCheckReopensWithBackoffAndAThrowingCheckCountsAsDown() {
        CircuitBreaker breaker = CircuitBreaker.of("db", config().backoff(2.0, Duration.ofMinutes(5))
            .recoveryProbe(() -> {
                checks.incrementAndGet();
                if (checks.get() == 2) {
                    throw new IllegalStateException("validation query failed");
                }
                return false;
            }).build());
        trip(breaker);
        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.probeNow()).isEqualTo(ProbeResult.STILL_DOWN);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(20));
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason).asString()
            .contains("reported the dependency still down");

        time.advance(Duration.ofSeconds(20));
        assertThat(breaker.probeNow()).isEqualTo(ProbeResult.STILL_DOWN);
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(40));
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason).asString()
            .contains("validation query failed");
    }

    @Test
    void withManualRecoveryAProbeOnlyReports() {
        CircuitBreaker breaker = CircuitBreaker.of("pipeline", config().manualRecovery(true).build());
        trip(breaker);
        assertThat(breaker.probeNow()).isEqualTo(ProbeResult.STILL_DOWN);
        up.set(true);
        time.advance(Duration.ofDays(1));
        assertThat(breaker.probeNow()).isEqualTo(ProbeResult.RECOVERED);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aProbeHoldsItsSlotAndAHungProbeTimesOut() {
        CircuitBreaker[] breaker = new CircuitBreaker[1];
        List<ProbeResult> nested = new ArrayList<>();
        breaker[0] = CircuitBreaker.of("db", config().halfOpenProbeTimeout(Duration.ofSeconds(5)).recoveryProbe(() -> {
            nested.add(breaker[0].probeNow()); // the only slot is this probe's
            time.advance(Duration.ofSeconds(6));
            assertThatThrownBy(() -> breaker[0].run(() -> { })).isInstanceOf(CircuitOpenException.class);
            return true;
        }).build());
        trip(breaker[0]);
        time.advance(Duration.ofSeconds(10));

        breaker[0].probeNow();
        assertThat(nested).containsExactly(ProbeResult.NOT_DUE);
        assertThat(breaker[0].state()).isEqualTo(CircuitState.OPEN); // the hung probe counted as failed
        assertThat(breaker[0].history()).anySatisfy(event ->
            assertThat(event.reason()).startsWith("probe did not complete within"));
    }

    @Test
    void probeNowWithoutAProbeSaysHowToConfigureOne() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
        assertThatThrownBy(breaker::probeNow).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("has no recovery probe");
    }

    @Test
    void manyThreadsProbingAtOnceRunAtMostTheConfiguredProbes() throws Exception {
        for (int round = 0; round < 20; round++) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            CircuitBreaker breaker = CircuitBreaker.of("db", config().halfOpenMaxCalls(2).successThreshold(100)
                .recoveryProbe(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    release.await(10, TimeUnit.SECONDS);
                    running.decrementAndGet();
                    return true;
                }).build());
            trip(breaker);
            time.advance(Duration.ofSeconds(10));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<ProbeResult>> results = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    results.add(pool.submit(breaker::probeNow));
                }
                release.countDown();
                long recovered = 0;
                for (Future<ProbeResult> result : results) {
                    if (result.get(10, TimeUnit.SECONDS) == ProbeResult.RECOVERED) {
                        recovered++;
                    }
                }
                assertThat(most.get()).isLessThanOrEqualTo(2);
                assertThat(recovered).isBetween(1L, 16L);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
