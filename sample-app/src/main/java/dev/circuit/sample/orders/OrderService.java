package dev.circuit.sample.orders;

import dev.circuit.core.CircuitOpenException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Orders, with the last known value of recently read or written orders kept in memory (at most
 * {@code sample.orders.cache.max-size} orders, each for {@code sample.orders.cache.max-age}): while the
 * database is out, reads fall back to it. Writes have no fallback: a write that cannot be stored
 * fails loudly (503 with Retry-After), it is never dropped silently.
 */
@Service
public class OrderService {

    /**
     * An order as read, and whether it came from the cache because the database was out.
     *
     * @param order the order
     * @param stale true when it is the last known value, not a fresh read
     */
    public record Read(Order order, boolean stale) {
    }

    private final OrderRepository repository;
    private final LastKnownOrders lastKnown;

    OrderService(OrderRepository repository, @Value("${sample.orders.cache.max-size:10000}") int cacheSize,
                 @Value("${sample.orders.cache.max-age:10m}") Duration cacheAge) {
        this.repository = repository;
        this.lastKnown = new LastKnownOrders(cacheSize, cacheAge, InstantSource.system());
    }


    /**
     * Stores an order, once per idempotency key.
     *
     * @param item     what was ordered
     * @param quantity how many
     * @param key      the client's idempotency key, or null
     * @return what was done
     * @throws CircuitOpenException while the database circuit is open
     * @throws CommitOutcomeUnknownException when the commit failed, so that the order may be stored
     */
    public Placement place(String item, int quantity, @Nullable IdempotencyKey key) {
        Placement placement = repository.place(item, quantity, key);
        if (placement.order() != null) {
            lastKnown.remember(placement.order());
        }
        return placement;
    }

    /**
     * Reads an order, from the database or, while it is out, from the last known value.
     *
     * @param id the order's id
     * @return the order, if it exists (or existed when last seen)
     * @throws RuntimeException the database's failure when the order was never seen
     */
    public Optional<Read> find(long id) {
        try {
            Optional<Order> order = repository.find(id);
            order.ifPresent(lastKnown::remember);
            return order.map(found -> new Read(found, false));
        } catch (RuntimeException outage) {
            return Optional.of(new Read(lastKnown.get(id).orElseThrow(() -> outage), true));
        }
    }
}
