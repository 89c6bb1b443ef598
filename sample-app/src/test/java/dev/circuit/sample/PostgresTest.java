package dev.circuit.sample;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same service on a real PostgreSQL server (Debian's, started on loopback for this test), chosen
 * with nothing but the usual {@code spring.datasource.*} properties. Outside CI the test is skipped
 * when PostgreSQL is not installed.
 */
@SampleApplicationTest
@TestPropertySource(properties = {
    "spring.datasource.username=sample",
    "spring.datasource.password="
})
class PostgresTest {

    static int port;
    static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws Exception {
        Path installation = PostgresServer.installation();
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(installation != null, "PostgreSQL is not installed");
        }
        postgres = PostgresServer.start(installation);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "unused");
        registry.add("spring.datasource.url", () -> postgres.jdbcUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

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
