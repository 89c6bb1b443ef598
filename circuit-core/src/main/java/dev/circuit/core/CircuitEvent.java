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
 * @param errorType    the failure's class name, or null for a transition that no failure caused
 * @param category     the failure's category, or null for a transition that no failure caused
 */
public record CircuitEvent(String breakerName, Type type, Instant time, CircuitState from, CircuitState to,
                           String reason, String errorType, ErrorCategory category) {

    /** The kinds of event in the history. */
    public enum Type {
        /** The breaker changed state. */
        STATE_TRANSITION,
        /** A call's outcome was recorded as a failure. */
        FAILURE
    }
}
