package dev.circuit.core;

import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resilience4j defines the rate semantics users expect: the same outcomes, window, minimum and
 * thresholds must open circuit on the same call as Resilience4j 2.4.0. Random sequences go through
 * both breakers side by side (one fake clock for the time window), and the call on which each first
 * opens is compared; any difference is listed with the sequence's settings.
 */
class ResilienceDifferentialTest {

    private static final long SLOW_NANOS = Duration.ofMillis(500).toNanos();

    /** The settings of one random sequence. */
    private record Case(long seed, SlidingWindowType type, int size, int minimum, int failurePercent, int slowPercent) {
    }

    @Test
    void countWindowFailureRateOpensOnTheSameCall() {
        assertThat(differences(400, SlidingWindowType.COUNT_BASED, false)).isEmpty();
    }

    @Test
    void countWindowSlowCallRateOpensOnTheSameCall() {
        assertThat(differences(200, SlidingWindowType.COUNT_BASED, true)).isEmpty();
    }

    @Test
    void timeWindowRatesOpenOnTheSameCall() {
        assertThat(differences(300, SlidingWindowType.TIME_BASED, false)).isEmpty();
        assertThat(differences(200, SlidingWindowType.TIME_BASED, true)).isEmpty();
    }

    @Test
    void theSequencesDoOpenBothBreakersAtMany() {
        // guards the comparison against settings that never open either breaker
        SplittableRandom random = new SplittableRandom(7);
        int opened = 0;
        for (int i = 0; i < 100; i++) {
            Case c = randomCase(random, SlidingWindowType.COUNT_BASED, false);
            if (run(c)[0] >= 0) {
                opened++;
            }
        }
        assertThat(opened).isGreaterThan(50);
    }

    private static List<String> differences(int sequences, SlidingWindowType type, boolean slowCalls) {
        SplittableRandom random = new SplittableRandom(type.ordinal() * 1000L + (slowCalls ? 1 : 0));
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < sequences; i++) {
            Case c = randomCase(random, type, slowCalls);
            int[] opened = run(c);
            if (opened[0] != opened[1]) {
                differences.add(c + ": circuit opened on call " + opened[0] + ", Resilience4j on call " + opened[1]);
            }
        }
        return differences;
    }

    private static Case randomCase(SplittableRandom random, SlidingWindowType type, boolean slowCalls) {
        int size = type == SlidingWindowType.COUNT_BASED ? random.nextInt(1, 60) : random.nextInt(1, 12);
        return new Case(random.nextLong(), type, size, random.nextInt(1, 70), random.nextInt(1, 101),
            slowCalls ? random.nextInt(1, 101) : 0);
    }

    /** @return the 1-based call on which circuit and Resilience4j first opened, -1 for never */
    private static int[] run(Case c) {
        FakeTime time = new FakeTime();
        CircuitBreaker ours = CircuitBreaker.of("ours", time.config().failureThreshold(0)
            .failureRateThreshold(c.failurePercent() / 100.0)
            .slowCallRateThreshold(c.slowPercent() / 100.0)
            .slowCallDuration(Duration.ofNanos(SLOW_NANOS))
            .slidingWindow(c.type(), c.size()).minimumCalls(c.minimum()).build());
        io.github.resilience4j.circuitbreaker.CircuitBreaker theirs = io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "theirs", io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .failureRateThreshold(c.failurePercent())
                .slowCallRateThreshold(c.slowPercent() == 0 ? 100 : c.slowPercent())
                .slowCallDurationThreshold(c.slowPercent() == 0 ? Duration.ofDays(1) : Duration.ofNanos(SLOW_NANOS))
                .slidingWindow(c.size(), c.minimum(), c.type() == SlidingWindowType.COUNT_BASED
                    ? io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED
                    : io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .clock(time.withZone(ZoneOffset.UTC))
                .build());
        SplittableRandom random = new SplittableRandom(c.seed());
        double failureChance = random.nextDouble(0.0, 0.7);
        double slowChance = c.slowPercent() == 0 ? 0.0 : random.nextDouble(0.0, 0.7);
        int[] opened = {-1, -1};
        for (int call = 1; call <= 300 && (opened[0] < 0 || opened[1] < 0); call++) {
            if (c.type() == SlidingWindowType.TIME_BASED) {
                time.advance(Duration.ofMillis(random.nextInt(0, 1500)));
            }
            boolean failed = random.nextDouble() < failureChance;
            long duration = random.nextDouble() >= slowChance ? SLOW_NANOS - random.nextInt(0, 2)
                : SLOW_NANOS + random.nextInt(1, 3);
            if (opened[0] < 0) {
                assertThat(ours.tryAcquirePermission()).isTrue();
                if (failed) {
                    ours.onError(duration, new IllegalStateException("down"));
                } else {
                    ours.onSuccess(duration);
                }
                if (ours.state() == CircuitState.OPEN) {
                    opened[0] = call;
                }
            }
            if (opened[1] < 0) {
                assertThat(theirs.tryAcquirePermission()).isTrue();
                if (failed) {
                    theirs.onError(duration, TimeUnit.NANOSECONDS, new IllegalStateException("down"));
                } else {
                    theirs.onSuccess(duration, TimeUnit.NANOSECONDS);
                }
                if (theirs.getState() == State.OPEN) {
                    opened[1] = call;
                }
            }
        }
        return opened;
    }
}
