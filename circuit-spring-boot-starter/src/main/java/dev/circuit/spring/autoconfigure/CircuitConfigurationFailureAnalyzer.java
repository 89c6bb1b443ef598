package dev.circuit.spring.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad circuit property at start-up: which property, which value, what is allowed. */
public class CircuitConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<CircuitConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CircuitConfigurationException cause) {
        String description = "Invalid circuit breaker configuration:\n\n    Property: " + cause.property()
            + "\n    Value: " + cause.value() + "\n    Allowed: " + cause.allowed();
        String action = "Update '" + cause.property() + "' in your application configuration to "
            + cause.allowed() + ".";
        return new FailureAnalysis(description, action, cause);
    }
}
