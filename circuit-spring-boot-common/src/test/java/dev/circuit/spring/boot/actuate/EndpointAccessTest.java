package dev.circuit.spring.boot.actuate;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that exposes the endpoint and grants nothing more: anyone may read it, nobody may
 * force, disable or retune a breaker through it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.endpoints.web.exposure.include=circuitbreakers",
    "circuit.breakers.kafka.failure-threshold=2",
    "management.health.redis.enabled=false", // Spring Data Redis is on the test class path for fleet mode
})
class EndpointAccessTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry registry;

    private ResponseEntity<String> exchange(boolean write, String path, String json) {
        RestClient http = RestClient.builder().baseUrl("http://localhost:" + port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
            .build();
        return write
            ? http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().toEntity(String.class)
            : http.get().uri(path).retrieve().toEntity(String.class);
    }

    @Test
    void readsAreOpenAndWritesAreRefusedByDefault() {
        assertThat(exchange(false, "/actuator/circuitbreakers/kafka", null).getStatusCode().value()).isEqualTo(200);

        ResponseEntity<String> forced = exchange(true, "/actuator/circuitbreakers/kafka", "{\"action\":\"FORCE_OPEN\"}");
        ResponseEntity<String> retuned = exchange(true, "/actuator/circuitbreakers/kafka", "{\"failureThreshold\":50}");

        for (ResponseEntity<String> refused : List.of(forced, retuned)) {
            assertThat(refused.getStatusCode().value()).isEqualTo(405);
            assertThat(refused.getHeaders().getAllow()).containsExactly(HttpMethod.GET);
            assertThat(refused.getBody()).contains("read-only unless management.endpoint.circuitbreakers.access=unrestricted");
        }
        assertThat(registry.find("kafka").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(registry.find("kafka").orElseThrow().config().failureThreshold()).isEqualTo(2);
    }
}
