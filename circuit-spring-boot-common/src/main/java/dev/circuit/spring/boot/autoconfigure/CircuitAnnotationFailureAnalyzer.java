package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.annotation.CircuitAnnotationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@code @CircuitProtected} annotation that cannot be applied (an unknown breaker, a fallback
 * that does not fit) in Boot's "APPLICATION FAILED TO START" block: which annotation, what is wrong,
 * what to do.
 */
public class CircuitAnnotationFailureAnalyzer extends AbstractFailureAnalyzer<CircuitAnnotationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CircuitAnnotationException cause) {
        Throwable problem = cause.getCause();
        String description;
        String action;
        if (problem instanceof NoSuchBreakerException unknown) {
            description = unknown.problem();
            action = unknown.action();
        } else {
            description = problem.getMessage();
            action = "Declare the fallback method on the same class, with the protected method's return type and "
                + "parameters, optionally followed by one Throwable parameter, or name another fallbackMethod.";
        }
        return new FailureAnalysis(cause.annotation() + " cannot be applied:\n\n    " + description, action, cause);
    }
}
