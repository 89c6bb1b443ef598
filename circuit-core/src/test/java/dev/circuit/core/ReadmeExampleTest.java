package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The core example of docs/core.md, line for line; keep both in step. */
class ReadmeExampleTest {

    record Order(long id, String item) {
    }

    static final class OrderRepository {
        boolean down;

        Order find(long id) throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            return new Order(id, "book");
        }
    }

    @Test
    void theReadmeExampleWorks() throws Exception {
        OrderRepository repository = new OrderRepository();

        // --- docs/core.md example begins
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
            .failureThreshold(5)                        // open after 5 failures in a row
            .recoveryTimeout(Duration.ofSeconds(30))    // then wait 30 s before probing
            .backoff(2.0, Duration.ofMinutes(5))        // double the wait after each failed probe
            .build();
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
        CircuitBreaker database = registry.breaker("database");

        Order order = database.call(() -> repository.find(42));           // exceptions pass through unchanged
        Order orCached = database.callWithFallback(() -> repository.find(42),
            error -> new Order(42, "cached"));                              // or fall back
        CircuitSnapshot snapshot = database.snapshot();                     // state, counts, rates, last failure
        // --- docs/core.md example ends

        assertThat(order.item()).isEqualTo("book");
        assertThat(orCached.item()).isEqualTo("book");
        assertThat(snapshot.successes()).isEqualTo(2);

        repository.down = true;
        for (int i = 0; i < 5; i++) {
            assertThat(database.callWithFallback(() -> repository.find(42), error -> new Order(42, "cached")).item())
                .isEqualTo("cached");
        }
        assertThat(database.state()).isEqualTo(CircuitState.OPEN);
    }
}
