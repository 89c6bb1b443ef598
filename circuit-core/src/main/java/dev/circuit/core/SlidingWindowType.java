package dev.circuit.core;

/** How the sliding window behind the failure-rate and slow-call-rate policies is measured. */
public enum SlidingWindowType {
    /** The window holds the outcomes of the last N calls. */
    COUNT_BASED,
    /** The window holds the outcomes of the calls of the last N seconds, in one-second buckets. */
    TIME_BASED
}
