package dev.circuit.spring.annotation;

/**
 * A {@code @CircuitProtected} annotation that cannot be applied: it names a breaker that is not
 * configured, or a fallback method that does not fit. Thrown at start-up, as the bean is created; its
 * cause says what is wrong.
 */
public class CircuitAnnotationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String annotation;

    /**
     * @param annotation the annotation and where it is, such as {@code @CircuitProtected("payments") on com.example.Payments.pay}
     * @param cause      what is wrong with it
     */
    public CircuitAnnotationException(String annotation, RuntimeException cause) {
        super(annotation + ": " + cause.getMessage(), cause);
        this.annotation = annotation;
    }

    /** @return the annotation and where it is */
    public String annotation() {
        return annotation;
    }
}
