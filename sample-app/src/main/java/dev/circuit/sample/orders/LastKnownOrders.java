package dev.circuit.sample.orders;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last known value of recently read or written orders, for reads while the database is out.
 * Bounded in size (the least recently used order goes first) and in age (an order older than the
 * maximum age is not served and is dropped), so that memory stays flat under any traffic.
 */
final class LastKnownOrders {

    private record Entry(Order order, Instant storedAt) {
    }

    private final int maxSize;
    private final Duration maxAge;
    private final InstantSource clock;
    private final Map<Long, Entry> entries;

    /**
     * @param maxSize the most orders kept
     * @param maxAge  how long an order is served from the cache after it was last read or written
     * @param clock   the time
     */
    LastKnownOrders(int maxSize, Duration maxAge, InstantSource clock) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("sample.orders.cache.max-size must be at least 1, but was " + maxSize);
        }
        this.maxSize = maxSize;
        this.maxAge = maxAge;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                return size() > LastKnownOrders.this.maxSize;
            }
        };
    }

    /** @param order an order just read or written */
    synchronized void remember(Order order) {
        entries.put(order.id(), new Entry(order, clock.instant()));
    }

    /**
     * @param id an order's id
     * @return its last known value, unless it is older than the maximum age
     */
    synchronized Optional<Order> get(long id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.storedAt().plus(maxAge).isBefore(clock.instant())) {
            entries.remove(id);
            return Optional.empty();
        }
        return Optional.of(entry.order());
    }

    /** @return how many orders are kept */
    synchronized int size() {
        return entries.size();
    }
}
