package dev.circuit.sample;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import dev.circuit.sample.chaos.Chaos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real outage of the real embedded database: open, 503s and stale reads, recovery, and not one order lost. */
@SampleApplicationTest
@TestPropertySource(properties = {
    "circuit.breakers.database.failure-threshold=3",
    "circuit.breakers.database.recovery-timeout=2s"
})
class DatabaseOutageTest {

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "outage");
    }

    @Autowired
    Chaos chaos;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    JdbcTemplate jdbc;

    private final List<Long> stored = new ArrayList<>();

    @AfterEach
    void heal() {
        chaos.clear();
    }

    private RestClient http() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    private ResponseEntity<String> placeOrder() {
        ResponseEntity<String> response = http().post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
            .body("{\"item\": \"book\", \"quantity\": 2}").retrieve().toEntity(String.class);
        if (response.getStatusCode().value() == 201) {
            String location = response.getHeaders().getLocation().toString();
            stored.add(Long.parseLong(location.substring(location.lastIndexOf('/') + 1)));
        }
        return response;
    }

    private CircuitState databaseState() {
        return breakers.find("database").orElseThrow().state();
    }

    @Test
    void anOutageOpensTheCircuitRefusesWritesLoudlyServesStaleReadsAndRecoversWithoutLosingAnOrder() {
        for (int i = 0; i < 3; i++) {
            ResponseEntity<String> created = placeOrder();
            assertThat(created.getStatusCode().value()).isEqualTo(201);
            assertThat(created.getBody()).contains("\"item\":\"book\"", "\"quantity\":2", "\"id\":");
        }
        long known = stored.get(0);
        ResponseEntity<String> fresh = http().get().uri("/orders/" + known).retrieve().toEntity(String.class);
        assertThat(fresh.getStatusCode().value()).isEqualTo(200);
        assertThat(fresh.getHeaders().getFirst("X-Stale")).isEqualTo("false");

        chaos.set("database", new Chaos.Fault(1.0, 0));
        for (int i = 0; i < 3; i++) {
            ResponseEntity<String> failed = placeOrder();
            assertThat(failed.getStatusCode().value()).isEqualTo(503);
            // the failures that trip the breaker say when to retry too: the default, then the next attempt
            assertThat(Long.parseLong(failed.getHeaders().getFirst("Retry-After"))).isBetween(1L, 5L);
        }
        assertThat(databaseState()).isEqualTo(CircuitState.OPEN);

        ResponseEntity<String> rejected = placeOrder();
        assertThat(rejected.getStatusCode().value()).isEqualTo(503);
        assertThat(Long.parseLong(rejected.getHeaders().getFirst("Retry-After"))).isBetween(1L, 2L);
        assertThat(rejected.getBody()).contains("nothing was stored");

        ResponseEntity<String> stale = http().get().uri("/orders/" + known).retrieve().toEntity(String.class);
        assertThat(stale.getStatusCode().value()).isEqualTo(200);
        assertThat(stale.getHeaders().getFirst("X-Stale")).isEqualTo("true");
        assertThat(stale.getBody()).contains("\"id\":" + known);
        ResponseEntity<String> unknown = http().get().uri("/orders/999999").retrieve().toEntity(String.class);
        assertThat(unknown.getStatusCode().value()).isEqualTo(503);
        assertThat(unknown.getBody()).contains("the order could not be read").doesNotContain("stored");
        assertThat(unknown.getHeaders().getFirst("Retry-After")).isNotNull();

        chaos.clear();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
            .until(() -> placeOrder().getStatusCode().value() == 201);
        assertThat(databaseState()).isEqualTo(CircuitState.CLOSED);
        for (int i = 0; i < 2; i++) {
            assertThat(placeOrder().getStatusCode().value()).isEqualTo(201);
        }

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class)).isEqualTo(stored.size());
        assertThat(jdbc.queryForList("SELECT id FROM orders ORDER BY id", Long.class)).containsExactlyElementsOf(stored);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Long.class)).isEqualTo(stored.size());
        assertThat(stored).hasSize(6);
    }
}
