package dev.circuit.spring.support;

import java.util.Map;

/**
 * Adds a top-level section to {@code /actuator/circuitbreakers}, such as fleet mode's
 * {@code "cluster": {"connected": true, ...}}: the endpoint shows every contributor's status under its name.
 */
public interface CircuitStatusContributor {

    /** @return the section's name */
    String name();

    /** @return the section's figures, read now */
    Map<String, Object> status();

    /**
     * The section's figures for one breaker, in its report and in the answer to an operator's action.
     *
     * @param breaker the breaker
     * @return the figures, empty for none
     */
    default Map<String, Object> statusOf(dev.circuit.core.CircuitBreaker breaker) {
        return Map.of();
    }
}
