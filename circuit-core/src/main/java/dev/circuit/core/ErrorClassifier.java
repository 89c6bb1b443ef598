package dev.circuit.core;

import dev.circuit.core.internal.DefaultErrorClassifier;

/**
 * Assigns an {@link ErrorCategory} to a failure. Replace it with
 * {@link CircuitBreakerConfig.Builder#classifier(ErrorClassifier)} to teach the breaker about the
 * exceptions of a client library; delegate to {@link #defaults()} for everything else.
 */
@FunctionalInterface
public interface ErrorClassifier {

    /**
     * Classifies a failure.
     *
     * @param error the failure, never null
     * @return its category, never null
     */
    ErrorCategory classify(Throwable error);

    /**
     * The default classifier. It walks the cause chain and knows the JDK's network, timeout and
     * rejection exceptions and the {@code java.sql} exception types and SQL states: the first
     * specific category found in the chain wins, then {@link ErrorCategory#DATABASE} for any other
     * {@link java.sql.SQLException}, then {@link ErrorCategory#UNKNOWN}.
     *
     * @return the shared default classifier
     */
    static ErrorClassifier defaults() {
        return DefaultErrorClassifier.INSTANCE;
    }
}
