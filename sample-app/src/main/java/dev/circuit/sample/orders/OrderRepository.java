package dev.circuit.sample.orders;

import dev.circuit.spring.annotation.CircuitProtected;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Orders in the database, behind the {@code database} breaker. Storing an order also writes its
 * {@code order-created} event to the outbox and its idempotency key, in the same transaction: the event
 * and the key exist exactly when the order does, whatever Kafka is doing.
 */
@Repository
public class OrderRepository {

    private static final RowMapper<Order> ORDER = (rs, row) -> new Order(rs.getLong("id"), rs.getString("item"),
        rs.getInt("quantity"), rs.getTimestamp("created_at").toInstant());

    private final JdbcTemplate jdbc;
    private final PlatformTransactionManager transactions;
    private final Duration keyTtl;

    OrderRepository(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                    @Value("${sample.orders.idempotency-key-ttl:24h}") Duration keyTtl) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.keyTtl = keyTtl;
    }

    /**
     * Stores an order and its event and, with a key, the key: all in one transaction, whose commit is
     * told apart from the work before it. A key already stored answers the order stored with it (or that it
     * was used for another order) and stores nothing; a key that expired is forgotten first.
     *
     * @param item     what was ordered
     * @param quantity how many
     * @param key      the client's idempotency key, or null
     * @return what was done
     * @throws CommitOutcomeUnknownException when the commit failed, so that the order may be stored
     */
    @CircuitProtected("database")
    public Placement place(String item, int quantity, @Nullable IdempotencyKey key) {
        try {
            return inTransaction(() -> placeOnce(item, quantity, key));
        } catch (DuplicateKeyException sameKeyAtOnce) {
            // another request with the same key committed first: answer what it stored
            return inTransaction(() -> placeOnce(item, quantity, key));
        }
    }

    private Placement placeOnce(String item, int quantity, @Nullable IdempotencyKey key) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (key != null) {
            jdbc.update("DELETE FROM idempotency_keys WHERE created_at < ?", Timestamp.from(now.minus(keyTtl)));
            List<Placement> earlier = jdbc.query("SELECT o.id, o.item, o.quantity, o.created_at, k.request_hash"
                + " FROM idempotency_keys k JOIN orders o ON o.id = k.order_id WHERE k.idem_key = ?", (rs, row) ->
                key.requestHash().equals(rs.getString("request_hash"))
                    ? new Placement(Placement.Outcome.REPLAYED, ORDER.mapRow(rs, row))
                    : new Placement(Placement.Outcome.KEY_REUSED, null), key.value());
            if (!earlier.isEmpty()) {
                return earlier.get(0);
            }
        }
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO orders (item, quantity, created_at) VALUES (?, ?, ?)", new String[] {"id"});
            insert.setString(1, item);
            insert.setInt(2, quantity);
            insert.setTimestamp(3, Timestamp.from(now));
            return insert;
        }, id);
        Order order = new Order(id.getKey().longValue(), item, quantity, now);
        jdbc.update("INSERT INTO outbox (order_id, payload, created_at) VALUES (?, ?, ?)",
            order.id(), OrderEvent.created(order).toJson(), Timestamp.from(now));
        if (key != null) {
            jdbc.update("INSERT INTO idempotency_keys (idem_key, order_id, request_hash, created_at) VALUES (?, ?, ?, ?)",
                key.value(), order.id(), key.requestHash(), Timestamp.from(now));
        }
        return new Placement(Placement.Outcome.CREATED, order);
    }

    /** Runs the work in a transaction; a failure of the commit itself is a {@link CommitOutcomeUnknownException}. */
    private <T> T inTransaction(Supplier<T> work) {
        TransactionStatus transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error failure) {
            try {
                transactions.rollback(transaction);
            } catch (RuntimeException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
        try {
            transactions.commit(transaction);
        } catch (RuntimeException commitFailure) {
            throw CommitOutcomeUnknownException.commitFailed(commitFailure);
        }
        return result;
    }

    /**
     * Reads an order.
     *
     * @param id its id
     * @return the order, if it exists
     */
    @CircuitProtected("database")
    public Optional<Order> find(long id) {
        return jdbc.query("SELECT id, item, quantity, created_at FROM orders WHERE id = ?", ORDER, id).stream().findFirst();
    }

    /** @return how many orders are stored */
    @CircuitProtected("database")
    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class);
        return count == null ? 0 : count;
    }
}
