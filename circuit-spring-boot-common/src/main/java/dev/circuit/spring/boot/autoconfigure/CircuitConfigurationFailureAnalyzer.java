package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad circuit property at start-up: which property, which value, what is allowed. */
public class CircuitConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        String description = "Invalid circuit breaker configuration:\n\n    Property: " + cause.setting()
            + "\n    Value: " + cause.value() + "\n    Allowed: " + cause.allowed();
        String action = "Update '" + cause.setting() + "' in your application configuration to "
            + cause.allowed() + ".";
        return new FailureAnalysis(description, action, cause);
    }
}
