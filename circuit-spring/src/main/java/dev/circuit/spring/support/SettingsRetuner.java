package dev.circuit.spring.support;

import dev.circuit.core.CircuitBreakerConfig;

import java.util.Map;

/**
 * Applies a retuning requested by its settings' names and values, validated as the application's own
 * configuration is: fleet mode applies the retunings other instances made through it.
 */
@FunctionalInterface
public interface SettingsRetuner {

    /**
     * @param current  the breaker's configuration now
     * @param settings the requested settings, by their camel-case names
     * @return the configuration with the settings applied
     * @throws IllegalArgumentException when a setting is unknown or its value does not fit
     */
    CircuitBreakerConfig retune(CircuitBreakerConfig current, Map<String, Object> settings);
}
