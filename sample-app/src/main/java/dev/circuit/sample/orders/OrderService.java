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
    private final KeysInFlight keysInFlight;

    OrderService(OrderRepository repository, @Value("${sample.orders.cache.max-size:10000}") int cacheSize,
                 @Value("${sample.orders.cache.max-age:10m}") Duration cacheAge,
                 @Value("${sample.orders.idempotency-key-ttl:24h}") Duration keyTtl) {
        this.repository = repository;
        this.lastKnown = new LastKnownOrders(cacheSize, cacheAge, InstantSource.system());
        this.keysInFlight = new KeysInFlight(keyTtl, InstantSource.system());
    }

    /**
     * Stores an order, once per idempotency key.
     *
     * @param item     what was ordered
     * @param quantity how many
     * @param key      the client's idempotency key, or null
     * @return what was done
     * @throws CircuitOpenException while the database circuit is open
     * @throws KeyInFlightException when a request with the same key is being processed: nothing was tried
     * @throws CommitOutcomeUnknownException when the commit failed, or when this request failed before its commit
     *     and an earlier one with the same key had its commit fail: the order may be stored
     */
    public Placement place(String item, int quantity, @Nullable IdempotencyKey key) {
        Placement placement = key == null ? repository.place(item, quantity, null) : placeOnce(item, quantity, key);
        if (placement.order() != null) {
            lastKnown.remember(placement.order());
        }
        return placement;
    }

    /** One attempt at a time per key; a failure says "stored: unknown" while an earlier commit's outcome is. */
    private Placement placeOnce(String item, int quantity, IdempotencyKey key) {
        boolean earlierOutcomeUnknown = keysInFlight.start(key.value());
        KeysInFlight.Ending ending = KeysInFlight.Ending.FAILED;
        try {
            Placement placement = repository.place(item, quantity, key);
            ending = KeysInFlight.Ending.SETTLED;
            return placement;
        } catch (CommitOutcomeUnknownException unknown) {
            ending = KeysInFlight.Ending.OUTCOME_UNKNOWN;
            throw unknown;
        } catch (RuntimeException failed) {
            if (earlierOutcomeUnknown) {
                throw CommitOutcomeUnknownException.afterAnEarlierCommitFailed(failed);
            }
            throw failed;
        } finally {
            keysInFlight.end(key.value(), ending);
        }
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
