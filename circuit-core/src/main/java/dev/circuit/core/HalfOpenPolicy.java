package dev.circuit.core;

/** How a HALF_OPEN circuit decides to close or to re-open. */
public enum HalfOpenPolicy {

    /**
     * At most {@code halfOpenMaxCalls} probes at once; {@code successThreshold} successful probes close the
     * circuit, and a failed or slow probe re-opens it at once. The default.
     */
    PROBES,

    /**
     * Resilience4j's rule: {@code halfOpenMaxCalls} calls are permitted in all (not only at once); once
     * {@code min(minimumCalls, halfOpenMaxCalls)} of them have completed, each completion judges the calls
     * so far: the circuit closes when their failure rate and slow-call rate are below the thresholds, and
     * re-opens otherwise ({@code successThreshold} does not apply). Without a rate threshold configured, a
     * failure re-opens it. A call ending with an ignored error gives its permission back.
     */
    RATE
}
