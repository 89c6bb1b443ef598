package dev.circuit.spring.boot.resilience4j;

import dev.circuit.spring.boot.autoconfigure.UnknownPropertyFailureAnalyzer;

/**
 * Reports a misspelled {@code resilience4j.circuitbreaker.*} property by name, with the closest property that
 * exists there, as {@link UnknownPropertyFailureAnalyzer} does for {@code circuit.*}.
 */
public class Resilience4jUnknownPropertyFailureAnalyzer extends UnknownPropertyFailureAnalyzer {

    /** Reports unknown {@code resilience4j.circuitbreaker.*} properties. */
    public Resilience4jUnknownPropertyFailureAnalyzer() {
        super("resilience4j.circuitbreaker", Resilience4jProperties.class);
    }
}
