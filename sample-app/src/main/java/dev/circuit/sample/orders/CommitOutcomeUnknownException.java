package dev.circuit.sample.orders;

/**
 * The commit of an order failed: the database may have stored it before the connection died (PostgreSQL
 * answers {@code 57P01} when it is stopped while the commit is in flight), so whether it exists is unknown.
 * A client retries with the same {@code Idempotency-Key}: the order is then stored once, whatever happened.
 */
public class CommitOutcomeUnknownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param cause the commit's failure */
    CommitOutcomeUnknownException(RuntimeException cause) {
        super("the commit failed, so the order may or may not be stored: " + cause.getMessage(), cause);
    }
}
