package dev.circuit.sample.orders;

import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Orders in the database, behind the {@code database} breaker. Storing an order also writes its
 * {@code order-created} event to the outbox, in the same transaction: the event exists exactly when
 * the order does, whatever Kafka is doing.
 */
@Repository
public class OrderRepository {

    private static final RowMapper<Order> ORDER = (rs, row) -> new Order(rs.getLong("id"), rs.getString("item"),
        rs.getInt("quantity"), rs.getTimestamp("created_at").toInstant());

    private final JdbcTemplate jdbc;

    OrderRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores an order and its event.
     *
     * @param item     what was ordered
     * @param quantity how many
     * @return the stored order
     */
    @CircuitProtected("database")
    @Transactional
    public Order save(String item, int quantity) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO orders (item, quantity, created_at) VALUES (?, ?, ?)", new String[] {"id"});
            insert.setString(1, item);
            insert.setInt(2, quantity);
            insert.setTimestamp(3, Timestamp.from(now));
            return insert;
        }, key);
        Order order = new Order(key.getKey().longValue(), item, quantity, now);
        jdbc.update("INSERT INTO outbox (order_id, payload, created_at) VALUES (?, ?, ?)",
            order.id(), OrderEvent.created(order).toJson(), Timestamp.from(now));
        return order;
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
