package dev.circuit.sample.orders;

/**
 * An order's {@code Idempotency-Key} is being processed by another request: this one did nothing. The
 * client retries with the same key a little later (answered 409 Conflict, as the IETF Idempotency-Key draft
 * says).
 */
public class KeyInFlightException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param key the key */
    KeyInFlightException(String key) {
        super("a request with the Idempotency-Key '" + key + "' is being processed; nothing was done for this one."
            + " Retry with the same key: it then answers that request's order.");
    }
}
