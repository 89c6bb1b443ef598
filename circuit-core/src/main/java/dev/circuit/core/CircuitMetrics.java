package dev.circuit.core;

/**
 * The running figures of one breaker, read directly: each method reads the live counters and builds
 * nothing, so a metrics system can poll them as often as it likes. {@link CircuitBreaker#snapshot()}
 * gives the same figures (and more) as one consistent picture.
 */
public interface CircuitMetrics {

    /** @return calls recorded as successes since the breaker was created */
    long successes();

    /** @return calls recorded as failures since the breaker was created */
    long failures();

    /**
     * The failures of one category.
     *
     * @param category an error category
     * @return calls recorded as failures of that category since the breaker was created
     */
    long failures(ErrorCategory category);

    /** @return calls whose outcome was ignored since the breaker was created */
    long ignored();

    /** @return calls rejected since the breaker was created */
    long rejected();

    /** @return how many times a listener threw (the calls went on unharmed) */
    long listenerErrors();

    /** @return failures since the last success */
    int consecutiveFailures();

    /**
     * @return failures / calls in the sliding window as a fraction, or -1 when the window holds fewer
     *     than the minimum calls or no rate policy is configured
     */
    double failureRate();

    /** @return slow calls / calls in the sliding window, or -1 like {@link #failureRate()} */
    double slowCallRate();

    /** @return the probability that adaptive throttling rejects a new call now (0 when it is off or not CLOSED) */
    double throttleProbability();

    /**
     * @return calls that started and have not ended, or -1 when they are not counted (they are with the
     *     slow-call-rate policy or a cap on calls in flight)
     */
    int callsInFlight();

    /** @return calls rejected because the cap on calls in flight was reached, since the breaker was created */
    long saturated();

    /**
     * What the sliding window holds now, by outcome.
     *
     * @param outcome which of its calls to count
     * @return how many calls of that outcome the sliding window holds; 0 when the state keeps no window
     *     (no rate policy, or the circuit is not CLOSED)
     */
    int windowCalls(WindowOutcome outcome);

    /** Which calls of the sliding window {@link #windowCalls(WindowOutcome)} counts. */
    enum WindowOutcome {
        /** Every call. */
        ALL,
        /** Recorded failures. */
        FAILED,
        /** Slow calls, failed or not. */
        SLOW,
        /** Slow calls that also failed. */
        SLOW_FAILED
    }
}
