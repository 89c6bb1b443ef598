package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.SlidingWindowType;

import java.util.function.LongSupplier;

/**
 * The outcomes behind the failure-rate and slow-call-rate policies. Implementations are lock-free
 * and do not allocate per call. The counts may be read while other threads record, so they are
 * consistent with each other only when no call is being recorded; no update is ever lost.
 */
public interface SlidingWindow {

    /**
     * Records one call's outcome.
     *
     * @param failure whether the call failed
     * @param slow    whether the call was slow
     * @return whether the counts may have changed; false only when they certainly did not (an outcome
     *     replaced the same outcome in a full count window), so that the rates need no new look
     */
    boolean record(boolean failure, boolean slow);

    /** @return the calls the window holds */
    int calls();

    /** @return the failed calls the window holds */
    int failures();

    /** @return the slow calls the window holds */
    int slowCalls();

    /** @return the slow calls the window holds that also failed */
    int slowFailures();

    /**
     * Whether this window was built for the same window settings as the given configuration.
     *
     * @param config a configuration
     * @return true when the window can be kept across a reconfiguration to it
     */
    boolean fits(CircuitBreakerConfig config);

    /**
     * Creates the window a configuration asks for.
     *
     * @param config the configuration
     * @param ticker the nanosecond ticker, for time-based windows
     * @return the window, or null when no rate policy is configured
     */
    static SlidingWindow forConfig(CircuitBreakerConfig config, LongSupplier ticker) {
        if (!config.usesSlidingWindow()) {
            return null;
        }
        return config.slidingWindowType() == SlidingWindowType.COUNT_BASED
            ? new CountWindow(config.slidingWindowSize())
            : new TimeWindow(config.slidingWindowSize(), ticker, config.instantSource());
    }
}
