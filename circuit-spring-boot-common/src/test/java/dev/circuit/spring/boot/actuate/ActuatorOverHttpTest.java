package dev.circuit.spring.boot.actuate;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CircuitProtected;
import dev.circuit.spring.support.CircuitStatusContributor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real server: the endpoint (GET, POST), /actuator/health and /actuator/prometheus over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "management.endpoints.web.exposure.include=health,circuitbreakers,prometheus",
    "management.endpoint.circuitbreakers.access=unrestricted",
    "management.endpoint.health.show-details=always",
    "management.prometheus.metrics.export.enabled=true", // Boot 3.5's tests switch exporters off unless told
    "circuit.breakers.kafka.failure-threshold=2",
    "circuit.breakers.partner-api.failure-threshold=1",
    "circuit.breakers.partner-api.health.fail-when-open=true",
    "circuit.breakers.billing.failure-threshold=2",
    "management.health.redis.enabled=false", // Spring Data Redis is on the test class path for fleet mode
})
class ActuatorOverHttpTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Publisher publisher() {
            return new Publisher();
        }

        /** A section beside the breakers, as fleet mode's {@code cluster}. */
        @Bean
        CircuitStatusContributor lab() {
            return new CircuitStatusContributor() {
                @Override
                public String name() {
                    return "lab";
                }

                @Override
                public Map<String, Object> status() {
                    return Map.of("instances", 3);
                }

                @Override
                public Map<String, Object> statusOf(dev.circuit.core.CircuitBreaker breaker) {
                    return Map.of("shared", breaker.name().equals("kafka"));
                }
            };
        }
    }

    /** A protected bean. */
    public static class Publisher {
        @CircuitProtected("kafka")
        public String publish(boolean fail) throws IOException {
            if (fail) {
                throw new java.net.ConnectException("broker down");
            }
            return "sent";
        }

        @CircuitProtected("billing")
        public String bill(boolean fail) throws IOException {
            if (fail) {
                throw new java.net.ConnectException("billing down");
            }
            return "billed";
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Publisher publisher;

    @Autowired
    CircuitBreakerRegistry registry;

    private RestClient http;

    @BeforeEach
    void setUp() {
        http = RestClient.builder().baseUrl("http://localhost:" + port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
            .build();
        registry.reconfigure("kafka", registry.find("kafka").orElseThrow().config().toBuilder()
            .failureThreshold(2).recoveryTimeout(java.time.Duration.ofSeconds(60)).build());
        registry.all().forEach(breaker -> breaker.reset());
    }

    private ResponseEntity<String> get(String path) {
        return http.get().uri(path).retrieve().toEntity(String.class);
    }

    private ResponseEntity<String> post(String path, String json) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().toEntity(String.class);
    }

    private static Map<String, Object> json(String body) {
        return JsonParserFactory.getJsonParser().parseMap(body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> json, String... path) {
        Map<String, Object> at = json;
        for (String key : path) {
            assertThat(at).as("JSON at %s", key).containsKey(key);
            at = (Map<String, Object>) at.get(key);
        }
        return at;
    }

    private void openKafka() throws IOException {
        assertThat(publisher.publish(false)).isEqualTo("sent");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> publisher.publish(true)).isInstanceOf(java.net.ConnectException.class);
        }
        assertThatThrownBy(() -> publisher.publish(false)).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void theEndpointListsEveryBreakerAndShowsOneInDetail() throws IOException {
        openKafka();

        ResponseEntity<String> all = get("/actuator/circuitbreakers");
        assertThat(all.getStatusCode().value()).isEqualTo(200);
        assertThat(all.getBody()).contains("\"billing\":{", "\"partner-api\":{",
                "\"kafka\":{\"name\":\"kafka\",\"state\":\"OPEN\"")
            .as("a predefined breaker nothing named yet").doesNotContain("\"metrics_export\":{");

        ResponseEntity<String> predefined = get("/actuator/circuitbreakers/metrics_export");
        assertThat(predefined.getStatusCode().value()).as("created when first asked for").isEqualTo(200);
        assertThat(predefined.getBody()).contains("\"state\":\"CLOSED\"", "\"config\":{\"failureThreshold\":5",
            "\"recoveryTimeout\":\"60s\"");
        assertThat(get("/actuator/circuitbreakers").getBody()).contains("\"metrics_export\":{");

        ResponseEntity<String> kafka = get("/actuator/circuitbreakers/kafka");
        assertThat(kafka.getStatusCode().value()).isEqualTo(200);
        assertThat(kafka.getBody()).contains("\"state\":\"OPEN\"",
            "\"config\":{\"failureThreshold\":2", "\"recoveryTimeout\":\"60s\"", "\"consecutiveFailures\":2",
            "\"reason\":\"2 consecutive failures\"", "\"category\":\"CONNECTION\"", "\"nextAttemptAt\":\"");

        ResponseEntity<String> misspelled = get("/actuator/circuitbreakers/kafak");
        assertThat(misspelled.getStatusCode().value()).isEqualTo(404);
        assertThat(misspelled.getBody()).startsWith("{\"error\":\"No circuit breaker named 'kafak' (did you mean 'kafka'?); known: [")
            .contains("kafka, metrics_export");
    }

    @Test
    void contributedSectionsStandBesideTheBreakers() {
        Map<String, Object> all = json(get("/actuator/circuitbreakers").getBody());
        assertThat(all).containsOnlyKeys("breakers", "lab");
        assertThat(map(all, "lab")).containsEntry("instances", 3);

        Map<String, Object> kafka = json(get("/actuator/circuitbreakers/kafka").getBody());
        assertThat(kafka).containsOnlyKeys("snapshot", "config", "events", "lab");
        assertThat(map(kafka, "lab")).containsEntry("shared", true);
    }

    @Test
    void operatorsActAndRetuneThroughPostAndBadInputChangesNothing() throws IOException {
        openKafka();

        ResponseEntity<String> reset = post("/actuator/circuitbreakers/kafka", "{\"action\":\"RESET\"}");
        assertThat(reset.getStatusCode().value()).isEqualTo(200);
        assertThat(reset.getBody()).contains("\"state\":\"CLOSED\"");
        assertThat(publisher.publish(false)).isEqualTo("sent");

        ResponseEntity<String> retuned = post("/actuator/circuitbreakers/kafka",
            "{\"failureThreshold\": 10, \"recoveryTimeout\": \"5s\"}");
        assertThat(retuned.getStatusCode().value()).isEqualTo(200);
        assertThat(registry.find("kafka").orElseThrow().config().failureThreshold()).isEqualTo(10);
        assertThat(retuned.getBody()).contains("\"failureThreshold\":10", "\"recoveryTimeout\":\"5s\"");

        ResponseEntity<String> bad = post("/actuator/circuitbreakers/kafka",
            "{\"failureThreshold\": -1, \"action\": \"FORCE_OPEN\"}");
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getBody()).isEqualTo("{\"error\":\"Invalid value '-1' for failureThreshold: allowed is an integer >= 0;"
            + " 0 switches the policy off\"}");
        assertThat(registry.find("kafka").orElseThrow().config().failureThreshold()).isEqualTo(10);
        assertThat(registry.find("kafka").orElseThrow().state().name()).isEqualTo("CLOSED");

        ResponseEntity<String> notANumber = post("/actuator/circuitbreakers/kafka", "{\"recoveryTimeout\": \"soon\"}");
        assertThat(notANumber.getStatusCode().value()).isEqualTo(400);
        assertThat(notANumber.getBody()).startsWith("{\"error\":\"Invalid value 'soon' for recoveryTimeout: ");

        ResponseEntity<String> misspelled = post("/actuator/circuitbreakers/kafka",
            "{\"failureThreshold\": 12, \"recoveryTimout\": \"30s\"}");
        assertThat(misspelled.getStatusCode().value()).isEqualTo(400);
        assertThat(misspelled.getBody()).startsWith(
            "{\"error\":\"Unknown setting 'recoveryTimout' (did you mean 'recoveryTimeout'?); known settings: [failureThreshold, ");
        assertThat(registry.find("kafka").orElseThrow().config().failureThreshold()).isEqualTo(10);
        assertThat(post("/actuator/circuitbreakers/kafka", "{\"baseConfig\": \"shared\"}").getBody())
            .as("no suggestion for a name far from every setting")
            .startsWith("{\"error\":\"Unknown setting 'baseConfig'; known settings: [failureThreshold, ");

        ResponseEntity<String> wrongType = post("/actuator/circuitbreakers/kafka", "{\"failureThreshold\": \"abc\"}");
        assertThat(wrongType.getStatusCode().value()).isEqualTo(400);
        assertThat(wrongType.getBody()).startsWith("{\"error\":\"Invalid value 'abc' for failureThreshold: ");
        assertThat(registry.find("kafka").orElseThrow().config().failureThreshold()).isEqualTo(10);

        ResponseEntity<String> badAction = post("/actuator/circuitbreakers/kafka", "{\"action\": \"EXPLODE\"}");
        assertThat(badAction.getStatusCode().value()).isEqualTo(400);
        assertThat(badAction.getBody()).isEqualTo(
            "{\"error\":\"Unknown action 'EXPLODE'; allowed: [RESET, FORCE_OPEN, DISABLE, CLOSE]\"}");

        assertThat(post("/actuator/circuitbreakers/kafka", "{}").getStatusCode().value()).isEqualTo(400);
        ResponseEntity<String> unknown = post("/actuator/circuitbreakers/databse", "{\"action\":\"RESET\"}");
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        assertThat(unknown.getBody()).contains("did you mean 'database'?");

        assertThat(post("/actuator/circuitbreakers/kafka", "{\"action\":\"FORCE_OPEN\"}").getBody())
            .contains("\"state\":\"FORCED_OPEN\"");
        assertThat(post("/actuator/circuitbreakers/kafka", "{\"action\":\"disable\"}").getBody())
            .contains("\"state\":\"DISABLED\"");
        assertThat(post("/actuator/circuitbreakers/kafka", "{\"action\":\"CLOSE\"}").getBody())
            .contains("\"state\":\"CLOSED\"");
    }

    @Test
    void healthShowsEveryBreakerAndAnOpenCircuitDoesNotMakeTheApplicationDown() throws IOException {
        openKafka();

        ResponseEntity<String> health = get("/actuator/health");
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        Map<String, Object> body = json(health.getBody());
        assertThat(body).containsEntry("status", "UP");
        Map<String, Object> breakers = map(body, "components", "circuitBreakers");
        assertThat(breakers).containsEntry("status", "UP");
        Map<String, Object> kafka = map(breakers, "components", "kafka");
        assertThat(kafka).containsEntry("status", "CIRCUIT_OPEN").containsEntry("description", "the breaker rejects calls");
        assertThat(map(kafka, "details")).containsEntry("state", "OPEN").containsEntry("failureCount", 2)
            .containsKey("nextAttemptAt");
        assertThat(map(kafka, "details", "lastFailure")).containsKey("time").containsEntry("category", "CONNECTION");
        assertThat(map(breakers, "components", "billing", "details")).containsEntry("state", "CLOSED");
        assertThat(map(breakers, "components")).as("a predefined breaker nothing named").doesNotContainKey("health_check");

        registry.find("partner-api").orElseThrow().recordFailure(new java.net.SocketTimeoutException("slow"));
        ResponseEntity<String> down = get("/actuator/health");
        assertThat(down.getStatusCode().value()).isEqualTo(503);
        Map<String, Object> downBody = json(down.getBody());
        assertThat(downBody).containsEntry("status", "DOWN");
        Map<String, Object> partner = map(downBody, "components", "circuitBreakers", "components", "partner-api");
        assertThat(partner).containsEntry("status", "DOWN");
        assertThat(map(partner, "details")).containsEntry("state", "OPEN");
        registry.find("partner-api").orElseThrow().reset();
    }

    @Test
    void prometheusShowsTheExactMetricLines() throws IOException {
        assertThat(publisher.bill(false)).isEqualTo("billed");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> publisher.bill(true)).isInstanceOf(java.net.ConnectException.class);
        }
        assertThatThrownBy(() -> publisher.bill(false)).isInstanceOf(CircuitOpenException.class);

        List<String> lines = Arrays.asList(get("/actuator/prometheus").getBody().split("\n"));
        assertThat(lines).contains(
            "circuit_breaker_state{component=\"billing\"} 0.0",
            "circuit_breaker_state{component=\"partner-api\"} 1.0",
            "circuit_breaker_failures{component=\"billing\"} 2.0",
            "circuit_breaker_calls_total{component=\"billing\",outcome=\"success\"} 1.0",
            "circuit_breaker_calls_total{component=\"billing\",outcome=\"failure\"} 2.0",
            "circuit_breaker_calls_total{component=\"billing\",outcome=\"rejected\"} 1.0",
            "circuit_breaker_calls_total{component=\"billing\",outcome=\"ignored\"} 0.0",
            "circuit_breaker_transitions_total{component=\"billing\",from=\"CLOSED\",to=\"OPEN\"} 1.0",
            "circuit_breaker_failures_by_category_total{category=\"CONNECTION\",component=\"billing\"} 2.0",
            "circuit_breaker_failures_by_category_total{category=\"TIMEOUT\",component=\"billing\"} 0.0",
            "circuit_breaker_listener_errors_total{component=\"billing\"} 0.0",
            "circuit_breaker_failure_rate{component=\"billing\"} -1.0",
            "circuit_breaker_slow_call_rate{component=\"billing\"} -1.0");
        assertThat(lines).noneMatch(line -> line.startsWith("circuit_breaker_call_seconds")); // off by default
        assertThat(lines).as("no meters for a predefined breaker nothing named")
            .noneMatch(line -> line.contains("component=\"health_check\""));

        registry.find("billing").orElseThrow().transitionTo(dev.circuit.core.CircuitState.HALF_OPEN);
        assertThat(get("/actuator/prometheus").getBody()).contains("circuit_breaker_state{component=\"billing\"} 0.5");
    }

    @Test
    void breakersCreatedLaterGetMetersAndRemovedOnesLoseThem() {
        registry.breaker("late-breaker").recordSuccess();
        assertThat(get("/actuator/prometheus").getBody()).contains(
            "circuit_breaker_calls_total{component=\"late-breaker\",outcome=\"success\"} 1.0");
        registry.remove("late-breaker");
        assertThat(get("/actuator/prometheus").getBody()).doesNotContain("late-breaker");
    }
}
