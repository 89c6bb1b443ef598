package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Client-side adaptive throttling (Google SRE book, "Handling Overload"): over the last
 * {@code adaptiveThrottlingWindow}, {@code requests} counts every call attempted in CLOSED (throttled
 * ones included) and {@code accepts} the calls the dependency answered (successes and ignored
 * errors); each new call is rejected with probability {@code max(0, (requests - K * accepts) /
 * (requests + 1))}. A healthy dependency sees no rejection (the probability is computed only when
 * {@code requests > K * accepts}), an overloaded one receives about K times what it can accept, and
 * one that fails outright a trickle that doubles as continuous probing.
 *
 * <p>Reading the clock, and reading counters that other threads write, cost more than the rest of a
 * call. So calls are filed under a sampled second, and whether throttling may apply at all is a cached
 * verdict: about one permission in 64 reads the clock and the counts and refreshes both; so does every
 * decision that may throttle and every read of the probability. A healthy dependency's calls thus read
 * neither the clock nor another thread's counter, and a decision to throttle is always taken on the
 * window as it is now.
 *
 * <p>Nothing is throttled before the window holds {@code minimumCalls} requests: without that floor,
 * a few failures at start-up would throttle the next calls, and since throttled calls count as requests
 * without accepts, the probability would stay high long after the dependency answered again.
 */
final class AdaptiveThrottle {

    private final double k;
    private final int minimumRequests;
    /** Counts requests as calls and accepts as the window's first count. */
    private final TimeWindow window;
    private final LongSupplier exactSecond;
    private volatile long second;
    /** Whether the counts allow throttling at all, as of the last refresh. */
    private volatile boolean mayThrottle;

    AdaptiveThrottle(CircuitBreakerConfig config) {
        this.k = config.adaptiveThrottling();
        this.minimumRequests = config.minimumCalls();
        this.exactSecond = TimeWindow.exactSeconds(config.ticker());
        this.window = new TimeWindow(() -> second, windowSeconds(config));
    }

    /** Reads the clock and the counts; writes only what changed, so that threads do not fight over it. */
    private boolean refresh() {
        long now = exactSecond.getAsLong();
        if (now != second) {
            second = now;
        }
        long requests = window.calls();
        boolean may = requests >= minimumRequests && requests > k * window.failures();
        if (may != mayThrottle) {
            mayThrottle = may;
        }
        return may;
    }

    /** @return the throttle a configuration asks for, or null when throttling is off */
    static AdaptiveThrottle forConfig(CircuitBreakerConfig config) {
        return config.adaptiveThrottling() > 0 ? new AdaptiveThrottle(config) : null;
    }

    private static int windowSeconds(CircuitBreakerConfig config) {
        return (int) Math.max(1, (config.adaptiveThrottlingWindow().toMillis() + 999) / 1000);
    }

    /** @return whether this throttle was built for the same settings, so that it can be kept */
    boolean fits(CircuitBreakerConfig config) {
        return config.adaptiveThrottling() == k && config.minimumCalls() == minimumRequests
            && window.fitsSeconds(windowSeconds(config));
    }

    /**
     * Decides on a new call; a throttled call is counted as a request at once.
     *
     * @return true when the call may go ahead
     */
    boolean admit() {
        if ((ThreadLocalRandom.current().nextInt() & 63) == 0) {
            refresh();
        }
        if (!mayThrottle || !refresh()) {
            return true;
        }
        long requests = window.calls();
        long accepts = window.failures();
        double probability = (requests - k * accepts) / (requests + 1);
        if (ThreadLocalRandom.current().nextDouble() >= probability) {
            return true;
        }
        window.record(false, false);
        return false;
    }

    /** @param accepted whether the dependency answered the call */
    void outcome(boolean accepted) {
        window.record(accepted, false);
    }

    /** @return the probability that a new call is throttled now */
    double probability() {
        refresh();
        long requests = window.calls();
        long accepts = window.failures();
        return requests < minimumRequests ? 0.0 : Math.max(0.0, (requests - k * accepts) / (requests + 1));
    }
}
