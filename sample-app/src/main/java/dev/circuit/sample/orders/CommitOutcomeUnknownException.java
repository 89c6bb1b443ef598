package dev.circuit.sample.orders;

/**
 * Whether an order is stored is unknown: its commit failed, and the database may have stored it before the
 * connection died (PostgreSQL answers {@code 57P01} when it is stopped while the commit is in flight; a frozen
 * PostgreSQL applies a commit it received when it resumes), or this request failed before its own commit
 * while an earlier request with the same {@code Idempotency-Key} had ended that way. A client retries with the
 * same key: the order is then stored once, whatever happened.
 */
public class CommitOutcomeUnknownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What happened, for the client. */
    private final String reason;

    private CommitOutcomeUnknownException(String reason, RuntimeException cause) {
        super(reason + ", so the order may or may not be stored: " + cause.getMessage(), cause);
        this.reason = reason;
    }

    /**
     * @param cause the commit's failure
     * @return the commit failed
     */
    static CommitOutcomeUnknownException commitFailed(RuntimeException cause) {
        return new CommitOutcomeUnknownException("the database failed while committing", cause);
    }

    /**
     * @param cause this request's failure, before its commit
     * @return an earlier request with the same key failed while committing, and this one could not find out
     *     what became of it
     */
    static CommitOutcomeUnknownException afterAnEarlierCommitFailed(RuntimeException cause) {
        return new CommitOutcomeUnknownException("the database failed, and an earlier request with this"
            + " Idempotency-Key failed while committing", cause);
    }

    /** @return what happened, for the client */
    public String reason() {
        return reason;
    }
}
