package dev.circuit.spring.annotation;

import java.util.List;

/**
 * Resilience4j annotations that nothing would apply: circuit applies Resilience4j's {@code @CircuitBreaker} (its
 * own Spring integration is absent), so its {@code @Retry}, {@code @Bulkhead}, {@code @RateLimiter},
 * {@code @TimeLimiter} and {@code @Timer} would silently do nothing. Thrown at start-up, as the bean is created.
 */
public class UnappliedAnnotationsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What to do about it. */
    public static final String ACTION = "Keep Resilience4j for them: add Resilience4j's Spring Boot starter"
        + " (io.github.resilience4j:resilience4j-spring-boot3 or resilience4j-spring-boot4), which then applies all of"
        + " Resilience4j's annotations while circuit applies @CircuitProtected; or remove them, using circuit's"
        + " @CircuitProtected for the breaker (on Boot 4, Spring Framework 7's @Retryable and @ConcurrencyLimit for retries"
        + " and concurrency).";

    private final List<String> annotations;

    /** @param annotations each annotation and where it is, such as {@code @Retry on com.example.Rates.rate} */
    public UnappliedAnnotationsException(List<String> annotations) {
        super("Resilience4j annotations that nothing applies: " + String.join(", ", annotations) + ". circuit applies"
            + " only Resilience4j's @CircuitBreaker, and Resilience4j's own Spring integration, which applies the others,"
            + " is not on the class path. " + ACTION);
        this.annotations = List.copyOf(annotations);
    }

    /** @return each annotation and where it is */
    public List<String> annotations() {
        return annotations;
    }
}
