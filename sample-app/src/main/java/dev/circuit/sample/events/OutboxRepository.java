package dev.circuit.sample.events;

import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.util.List;

/** The outbox: order events stored with their orders, waiting to be published, oldest first. */
@Repository
public class OutboxRepository {

    /**
     * An event waiting in the outbox.
     *
     * @param id      its position in the outbox
     * @param orderId the order it belongs to
     * @param payload the event as JSON
     */
    public record Entry(long id, long orderId, String payload) {
    }

    private final JdbcTemplate jdbc;

    OutboxRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The oldest waiting events.
     *
     * @param limit how many at most
     * @return the events, oldest first
     */
    @CircuitProtected("database")
    public List<Entry> oldest(int limit) {
        return jdbc.query("SELECT id, order_id, payload FROM outbox ORDER BY id LIMIT ?",
            (rs, row) -> new Entry(rs.getLong("id"), rs.getLong("order_id"), rs.getString("payload")), limit);
    }

    /**
     * Removes a published event.
     *
     * @param id its position
     */
    @CircuitProtected("database")
    public void remove(long id) {
        jdbc.update("DELETE FROM outbox WHERE id = ?", id);
    }

    /** @return how many events are waiting */
    @CircuitProtected("database")
    public long size() {
        Long size = jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Long.class);
        return size == null ? 0 : size;
    }
}
