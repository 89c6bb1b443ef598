package dev.circuit.core;

/** What {@link CircuitBreaker#probeNow()} found. */
public enum ProbeResult {
    /** No probe ran: the circuit is not open, its recovery timeout has not elapsed, or every probe slot is taken. */
    NOT_DUE,
    /** The check said the dependency recovered: a success (with manual recovery, only reported). */
    RECOVERED,
    /** The check said the dependency is still down, or threw: a failed probe (with manual recovery, only reported). */
    STILL_DOWN
}
