package dev.circuit.spring.boot.resilience4j;

import io.github.resilience4j.core.IntervalFunction;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** circuit's Resilience4j waits against Resilience4j 2.4.0's own interval functions. */
class Resilience4jWaitsTest {

    @Test
    void exponentialWaitsEqualResilience4jsForEveryAttempt() {
        SplittableRandom random = new SplittableRandom(15);
        for (int config = 0; config < 2_000; config++) {
            long initial = random.nextLong(1, 120_000);
            double multiplier = Math.round(random.nextDouble(0.5, 4.0) * 100) / 100.0;
            boolean capped = random.nextBoolean();
            long max = random.nextLong(1, 3_600_000);
            IntervalFunction theirs = capped ? IntervalFunction.ofExponentialBackoff(initial, multiplier, max)
                : IntervalFunction.ofExponentialBackoff(initial, multiplier);
            for (int attempt = 1; attempt <= 40; attempt++) {
                long expected = theirs.apply(attempt);
                if (!capped && expected > 1_000_000_000_000L) {
                    break; // beyond circuit's hundred years, where Resilience4j's own arithmetic overflows
                }
                long ours = Resilience4jWaits.exponential(initial, multiplier, attempt - 1,
                    capped ? max : Long.MAX_VALUE);
                assertThat(ours).as("initial %d, multiplier %s, max %s, attempt %d", initial, multiplier,
                    capped ? max : "none", attempt).isEqualTo(Math.max(1, expected));
            }
        }
    }

    @Test
    void randomizedWaitsAreDrawnFromResilience4jsRange() {
        for (double factor : new double[] {0.0, 0.1, 0.5, 1.0}) {
            long wait = 10_000;
            IntervalFunction theirs = IntervalFunction.ofRandomized(wait, factor);
            long[] ourDraws = new long[20_000];
            long[] theirDraws = new long[20_000];
            for (int n = 0; n < ourDraws.length; n++) {
                ourDraws[n] = Resilience4jWaits.randomized(wait, factor, () -> ThreadLocalRandom.current().nextDouble());
                theirDraws[n] = theirs.apply(1);
            }
            Arrays.sort(ourDraws);
            Arrays.sort(theirDraws);
            long lowest = (long) Math.max(1, wait - factor * wait);
            long highest = (long) (wait + factor * wait + 1);
            assertThat(ourDraws[0]).as("factor " + factor).isGreaterThanOrEqualTo(lowest);
            assertThat(ourDraws[ourDraws.length - 1]).as("factor " + factor).isLessThanOrEqualTo(highest);
            double spread = Math.max(1, highest - lowest);
            for (double quantile : new double[] {0.01, 0.25, 0.5, 0.75, 0.99}) {
                int at = (int) (quantile * (ourDraws.length - 1));
                assertThat((double) ourDraws[at]).as("factor %s, quantile %s", factor, quantile)
                    .isCloseTo(theirDraws[at], within(0.03 * spread + 1));
            }
        }
    }

    @Test
    void theEndsOfTheRangeAreResilience4jsFormula() {
        assertThat(Resilience4jWaits.randomized(10_000, 0.5, () -> 0.0)).isEqualTo(5_000);
        assertThat(Resilience4jWaits.randomized(10_000, 0.5, () -> 0.999_999_999)).isEqualTo(15_000);
        assertThat(Resilience4jWaits.randomized(1, 1.0, () -> 0.0)).isEqualTo(1);
    }
}
