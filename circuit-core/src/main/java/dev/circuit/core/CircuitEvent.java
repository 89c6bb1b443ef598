package dev.circuit.core;

import java.time.Instant;

/**
 * One entry of a breaker's audit trail ({@link CircuitBreaker#history()}): a state transition or a
 * recorded failure, with its cause.
 *
 * @param breakerName  the breaker the event belongs to
 * @param type         what happened
 * @param time         when it happened
 * @param from         the state before a transition; for a failure, the state it was recorded in
 * @param to           the state after a transition; for a failure, the same as {@code from}
 * @param reason       why a transition happened (such as "5 consecutive failures"), or the failure's message
 * @param cause        what made a transition, typed (the reason is for people); null for a failure
 * @param errorType    the failure's class name, or null for a transition that no failure caused
 * @param category     the failure's category, or null for a transition that no failure caused
 */
public record CircuitEvent(String breakerName, Type type, Instant time, CircuitState from, CircuitState to,
                           String reason, Cause cause, String errorType, ErrorCategory category) {

    /** The kinds of event in the history. */
    public enum Type {
        /** The breaker changed state. */
        STATE_TRANSITION,
        /** A call's outcome was recorded as a failure. */
        FAILURE
    }

    /** What made a transition. */
    public enum Cause {
        /** A trip policy: consecutive failures, the failure rate or the slow-call rate. */
        POLICY,
        /** Time alone: the open duration elapsed, or a HALF_OPEN state outlived its limit. */
        TIMER,
        /** The outcome of the HALF_OPEN calls or of a recovery probe (a probe that timed out included). */
        PROBE,
        /** An operator: the endpoint, or the application's own code ({@link CircuitBreaker#transitionTo}). */
        OPERATOR,
        /** Another instance's decision, applied by fleet mode. */
        FLEET
    }
}
