package dev.circuit.core;

/**
 * Stands for a returned value that the configured result predicate marked as a failure (an HTTP 503
 * response, a record that fails validation). It is never thrown to the caller, who receives the
 * value itself; listeners, the event history and the classifier see this exception instead.
 */
public final class FailedResultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Object result;

    /**
     * Creates the stand-in for a failed result.
     *
     * @param result the value the call returned, may be null
     */
    public FailedResultException(Object result) {
        super("result marked as failure: " + abbreviate(String.valueOf(result)), null, false, false);
        this.result = result;
    }

    /**
     * The value that the call returned.
     *
     * @return the result, may be null
     */
    public Object result() {
        return result;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
