package dev.circuit.spring.support;

import java.util.Map;

/**
 * Hears of every run-time retuning made through {@code /actuator/circuitbreakers/{name}}, after it was
 * validated and applied: fleet mode passes it on to the other instances.
 */
@FunctionalInterface
public interface RetuneListener {

    /**
     * @param breaker  the retuned breaker's name
     * @param settings the settings as requested, by their camel-case names
     */
    void retuned(String breaker, Map<String, Object> settings);
}
