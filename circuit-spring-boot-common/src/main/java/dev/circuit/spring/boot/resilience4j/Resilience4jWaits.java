package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.core.OpenDuration;
import dev.circuit.spring.boot.resilience4j.Resilience4jProperties.Instance;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Resilience4j's open waits with backoff or jitter, computed as its interval functions compute them: in
 * whole milliseconds, an exponential backoff multiplying and truncating once per failed recovery then
 * capped, a randomized wait drawn uniformly from {@code [w - f*w, w + f*w + 1)} and at least 1 ms.
 */
final class Resilience4jWaits {

    /** Resilience4j's default backoff multiplier and randomization factor. */
    static final double DEFAULT_MULTIPLIER = 1.5;
    static final double DEFAULT_FACTOR = 0.5;
    /** Longer waits than this are this: a hundred years is forever, and stays clear of overflow. */
    private static final long LONGEST_MILLIS = Duration.ofDays(36_500).toMillis();

    private Resilience4jWaits() {
    }

    /**
     * The open waits an instance asks for, or null when it asks for a fixed wait.
     *
     * @param instance the instance's settings, inheritance resolved
     * @param prefix   where its properties live, for errors
     * @param wait     its wait in the open state
     * @return the waits, or null
     */
    static @Nullable OpenDuration of(Instance instance, String prefix, Duration wait) {
        boolean exponential = Boolean.TRUE.equals(instance.getEnableExponentialBackoff());
        boolean randomized = Boolean.TRUE.equals(instance.getEnableRandomizedWait());
        if (exponential && randomized) {
            throw new InvalidConfigurationException(prefix + "enable-randomized-wait", true,
                "false while " + prefix + "enable-exponential-backoff is true (Resilience4j allows one of the two)");
        }
        long millis = wait.toMillis();
        if (exponential) {
            double multiplier = instance.getExponentialBackoffMultiplier() == null ? DEFAULT_MULTIPLIER
                : instance.getExponentialBackoffMultiplier();
            if (!(multiplier > 0) || Double.isInfinite(multiplier)) {
                throw new InvalidConfigurationException(prefix + "exponential-backoff-multiplier", multiplier,
                    "a number > 0 (" + DEFAULT_MULTIPLIER + " by default)");
            }
            Duration max = instance.getExponentialMaxWaitDurationInOpenState();
            if (max != null && max.toMillis() < 1) {
                throw new InvalidConfigurationException(prefix + "exponential-max-wait-duration-in-open-state", max,
                    "a duration of at least 1ms");
            }
            // as in Resilience4j: the longest wait applies only beside a multiplier of one's own
            long cap = max == null || instance.getExponentialBackoffMultiplier() == null ? LONGEST_MILLIS
                : Math.min(max.toMillis(), LONGEST_MILLIS);
            return failedRecoveries -> Duration.ofMillis(exponential(millis, multiplier, failedRecoveries, cap));
        }
        if (randomized) {
            double factor = instance.getRandomizedWaitFactor() == null ? DEFAULT_FACTOR : instance.getRandomizedWaitFactor();
            if (!(factor >= 0 && factor <= 1)) {
                throw new InvalidConfigurationException(prefix + "randomized-wait-factor", factor,
                    "a number from 0 to 1 (" + DEFAULT_FACTOR + " by default)");
            }
            return failedRecoveries -> Duration.ofMillis(randomized(millis, factor, () -> ThreadLocalRandom.current().nextDouble()));
        }
        return null;
    }

    /** The wait after that many failed recoveries: multiplied and truncated once per failed recovery, then capped. */
    static long exponential(long initialMillis, double multiplier, int failedRecoveries, long capMillis) {
        long interval = initialMillis;
        boolean growing = multiplier >= 1;
        for (int n = 0; n < failedRecoveries && interval > 0 && !(growing && interval >= capMillis); n++) {
            interval = (long) (interval * multiplier);
        }
        return Math.max(1, Math.min(interval, capMillis));
    }

    /** A wait drawn around the given one, as Resilience4j draws it. */
    static long randomized(long millis, double factor, DoubleSupplier random01) {
        double delta = factor * millis;
        double min = millis - delta;
        double max = millis + delta;
        return (long) Math.max(1.0, min + random01.getAsDouble() * (max - min + 1));
    }
}
