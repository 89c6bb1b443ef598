package dev.circuit.spring.http;

/**
 * Stands for a response whose status counts as a failure of the host (5xx by default), in the
 * breaker's history and for its listeners. The caller still receives the response itself.
 */
public final class HttpStatusFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /**
     * Creates the stand-in.
     *
     * @param breakerName the host's breaker
     * @param status      the response status
     */
    public HttpStatusFailure(String breakerName, int status) {
        super(breakerName + " answered HTTP " + status, null, false, false);
        this.status = status;
    }

    /** @return the response status */
    public int status() {
        return status;
    }
}
