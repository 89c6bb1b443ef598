package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.annotation.UnappliedAnnotationsException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports Resilience4j annotations that nothing would apply in Boot's "APPLICATION FAILED TO START" block: each
 * annotation and where it is, and the two ways out.
 */
public class UnappliedAnnotationsFailureAnalyzer extends AbstractFailureAnalyzer<UnappliedAnnotationsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnappliedAnnotationsException cause) {
        return new FailureAnalysis("Resilience4j annotations that nothing applies (circuit applies only Resilience4j's"
            + " @CircuitBreaker, and Resilience4j's own Spring integration is not on the class path):\n\n    "
            + String.join("\n    ", cause.annotations()), UnappliedAnnotationsException.ACTION, cause);
    }
}
