package dev.circuit.sample.orders;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The order cache stays bounded in size and in age. */
class LastKnownOrdersTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final LastKnownOrders cache = new LastKnownOrders(100, Duration.ofMinutes(10), now::get);

    private static Order order(long id) {
        return new Order(id, "book", 1, Instant.EPOCH);
    }

    @Test
    void itNeverHoldsMoreThanItsSizeAndDropsTheLeastRecentlyUsed() {
        for (long id = 1; id <= 10_000; id++) {
            cache.remember(order(id));
            if (id % 2 == 0) {
                cache.get(1); // keeps the first one in use
            }
        }
        assertThat(cache.size()).isEqualTo(100);
        assertThat(cache.get(1)).isPresent();
        assertThat(cache.get(2)).isEmpty();
        assertThat(cache.get(10_000)).isPresent();
    }

    @Test
    void anOrderOlderThanTheMaximumAgeIsNotServed() {
        cache.remember(order(7));
        now.set(now.get().plus(Duration.ofMinutes(10)));
        assertThat(cache.get(7)).isPresent();
        now.set(now.get().plusSeconds(1));
        assertThat(cache.get(7)).isEmpty();
        assertThat(cache.size()).isZero();
    }
}
