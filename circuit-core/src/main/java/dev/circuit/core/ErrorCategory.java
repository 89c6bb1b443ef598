package dev.circuit.core;

/**
 * What kind of trouble a failure points at. Every recorded failure gets one, from the configured
 * {@link ErrorClassifier}; categories listed in {@link CircuitBreakerConfig#ignoreCategories()} do not
 * count as failures.
 */
public enum ErrorCategory {
    /** The dependency could not be reached: refused, reset, unknown host, no route. */
    CONNECTION,
    /** The dependency did not answer in time. */
    TIMEOUT,
    /** A resource ran out: a pool, a queue, an executor, memory. */
    RESOURCE,
    /** Credentials or permissions were refused; not an outage. */
    AUTHENTICATION,
    /** The database reported a failure of its own. */
    DATABASE,
    /** The request itself was wrong (bad SQL, bad data, a constraint); not an outage. */
    QUERY,
    /** Nothing more specific is known. */
    UNKNOWN
}
