package dev.circuit.sample;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The same service on a real PostgreSQL server: orders and their outbox events are stored there. */
@SampleApplicationTest
class PostgresTest extends PostgresSampleTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void ordersAreStoredInPostgresqlWithTheirOutboxEvents() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        RestClient http = RestClient.create("http://127.0.0.1:" + port);
        ResponseEntity<String> created = http.post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
            .body("{\"item\": \"lamp\", \"quantity\": 3}").retrieve().toEntity(String.class);
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        String location = created.getHeaders().getLocation().toString();

        assertThat(http.get().uri(location).retrieve().body(String.class)).contains("\"item\":\"lamp\"", "\"quantity\":3");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT payload FROM outbox", String.class)).contains("\"type\":\"order-created\"");
        assertThat(breakers.find("database").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breakers.find("database").orElseThrow().snapshot().successes()).isGreaterThanOrEqualTo(2);
    }
}
