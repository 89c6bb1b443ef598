package dev.circuit.core;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HalfOpenPolicy#RATE} is Resilience4j's HALF_OPEN: random sequences of calls, with time passing
 * so that circuits open, wait, probe, close and re-open many times, go through circuit and Resilience4j
 * 2.4.0 configured alike; after every call the two agree on whether it was permitted and on the state.
 */
class HalfOpenRateDifferentialTest {

    private static final long SLOW_NANOS = Duration.ofMillis(500).toNanos();
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** The settings of one random sequence. */
    private record Case(long seed, SlidingWindowType type, int size, int minimum, int failurePercent,
                        int slowPercent, int halfOpenCalls) {
    }

    @Test
    void countWindowsAgreeAfterEveryCall() {
        assertThat(differences(300, SlidingWindowType.COUNT_BASED, false)).isEmpty();
        assertThat(differences(200, SlidingWindowType.COUNT_BASED, true)).isEmpty();
    }

    @Test
    void timeWindowsAgreeAfterEveryCall() {
        assertThat(differences(200, SlidingWindowType.TIME_BASED, false)).isEmpty();
        assertThat(differences(150, SlidingWindowType.TIME_BASED, true)).isEmpty();
    }

    @Test
    void theSequencesRecoverAndReopenOften() {
        // guards the comparison against sequences that never reach HALF_OPEN's decision
        SplittableRandom random = new SplittableRandom(11);
        int closedFromHalfOpen = 0;
        int reopened = 0;
        for (int i = 0; i < 100; i++) {
            int[] seen = run(randomCase(random, SlidingWindowType.COUNT_BASED, false), new ArrayList<>());
            closedFromHalfOpen += seen[0];
            reopened += seen[1];
        }
        assertThat(closedFromHalfOpen).isGreaterThan(50);
        assertThat(reopened).isGreaterThan(50);
    }

    private static List<String> differences(int sequences, SlidingWindowType type, boolean slowCalls) {
        SplittableRandom random = new SplittableRandom(type.ordinal() * 1000L + (slowCalls ? 1 : 0) + 77);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < sequences; i++) {
            run(randomCase(random, type, slowCalls), differences);
        }
        return differences;
    }

    private static Case randomCase(SplittableRandom random, SlidingWindowType type, boolean slowCalls) {
        int size = type == SlidingWindowType.COUNT_BASED ? random.nextInt(1, 30) : random.nextInt(1, 12);
        return new Case(random.nextLong(), type, size, random.nextInt(1, 30), random.nextInt(1, 101),
            slowCalls ? random.nextInt(1, 101) : 0, random.nextInt(1, 8));
    }

    /**
     * Runs one sequence through both breakers.
     *
     * @return how often HALF_OPEN closed and re-opened (in circuit)
     */
    private static int[] run(Case c, List<String> differences) {
        FakeTime time = new FakeTime();
        CircuitBreaker ours = CircuitBreaker.of("ours", time.config().failureThreshold(0)
            .failureRateThreshold(c.failurePercent() / 100.0)
            .slowCallRateThreshold(c.slowPercent() / 100.0)
            .slowCallDuration(Duration.ofNanos(SLOW_NANOS))
            .slidingWindow(c.type(), c.size()).minimumCalls(c.minimum())
            .recoveryTimeout(WAIT).halfOpenMaxCalls(c.halfOpenCalls()).halfOpenPolicy(HalfOpenPolicy.RATE)
            .halfOpenProbeTimeout(Duration.ofDays(1)).build());
        io.github.resilience4j.circuitbreaker.CircuitBreaker theirs = io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "theirs", io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .failureRateThreshold(c.failurePercent())
                .slowCallRateThreshold(c.slowPercent() == 0 ? 100 : c.slowPercent())
                .slowCallDurationThreshold(c.slowPercent() == 0 ? Duration.ofDays(1) : Duration.ofNanos(SLOW_NANOS))
                // one setter each, as Resilience4j's Spring Boot binding sets them (slidingWindow(...) would
                // also cap the minimum at a count window's size, which HALF_OPEN then inherits)
                .slidingWindowSize(c.size()).minimumNumberOfCalls(c.minimum())
                .slidingWindowType(c.type() == SlidingWindowType.COUNT_BASED
                    ? io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED
                    : io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .waitDurationInOpenState(WAIT)
                .permittedNumberOfCallsInHalfOpenState(c.halfOpenCalls())
                .clock(time.withZone(ZoneOffset.UTC))
                .build());
        SplittableRandom random = new SplittableRandom(c.seed());
        double failureChance = random.nextDouble(0.0, 0.8);
        double slowChance = c.slowPercent() == 0 ? 0.0 : random.nextDouble(0.0, 0.8);
        int[] seen = {0, 0};
        for (int call = 1; call <= 400; call++) {
            // circuit's recovery is due at exactly the wait, Resilience4j's just after it: steps carry random
            // nanoseconds, so that no call lands on that one instant
            time.advance(Duration.ofMillis(random.nextInt(0, 2_500)).plusNanos(random.nextInt(1, 1_000_000)));
            boolean failed = random.nextDouble() < failureChance;
            long duration = random.nextDouble() >= slowChance ? SLOW_NANOS - random.nextInt(0, 2)
                : SLOW_NANOS + random.nextInt(1, 3);
            CircuitState before = ours.state();
            boolean oursPermitted = ours.tryAcquirePermission();
            boolean theirsPermitted = theirs.tryAcquirePermission();
            if (oursPermitted != theirsPermitted) {
                differences.add(c + ", call " + call + ": permitted by circuit " + oursPermitted
                    + ", by Resilience4j " + theirsPermitted);
                return seen;
            }
            if (oursPermitted) {
                if (failed) {
                    ours.onError(duration, new IllegalStateException("down"));
                    theirs.onError(duration, TimeUnit.NANOSECONDS, new IllegalStateException("down"));
                } else {
                    ours.onSuccess(duration);
                    theirs.onSuccess(duration, TimeUnit.NANOSECONDS);
                }
            }
            CircuitState after = ours.state();
            if (!after.name().equals(theirs.getState().name())) {
                differences.add(c + ", call " + call + ": circuit " + after + ", Resilience4j " + theirs.getState());
                return seen;
            }
            if (before == CircuitState.HALF_OPEN && after == CircuitState.CLOSED) {
                seen[0]++;
            } else if (before == CircuitState.HALF_OPEN && after == CircuitState.OPEN) {
                seen[1]++;
            }
        }
        return seen;
    }
}
