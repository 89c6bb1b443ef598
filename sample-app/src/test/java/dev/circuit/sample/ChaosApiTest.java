package dev.circuit.sample;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.ErrorCategory;
import dev.circuit.sample.chaos.Chaos;
import dev.circuit.sample.monitoring.DownstreamHealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The demo profile's fault injection as a newcomer uses it, and what the log looks like without Kafka. */
@ActiveProfiles("demo")
@SampleApplicationTest
@TestPropertySource(properties = {"sample.kafka.relay-interval=200ms", "sample.demo.traffic-interval=200ms"})
@ExtendWith(OutputCaptureExtension.class)
class ChaosApiTest {

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "chaos");
    }

    @Autowired
    Chaos chaos;

    @Autowired
    DownstreamHealthCheck healthCheck;

    @Autowired
    CircuitBreakerRegistry breakers;

    @AfterEach
    void heal() {
        chaos.clear();
    }

    private ResponseEntity<String> post(String path, String body) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build()
            .post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(String.class);
    }

    @Test
    void everyFieldOfAFaultHasADefault() {
        assertThat(post("/chaos/database", "{\"failureRate\": 1.0}").getStatusCode().value()).isEqualTo(200);
        ResponseEntity<String> healed = post("/chaos/database", "{\"failureRate\": 0}");
        assertThat(healed.getStatusCode().value()).isEqualTo(200);
        assertThat(healed.getBody()).contains("\"database\":{\"failureRate\":0.0,\"latencyMs\":0}");
        assertThat(post("/chaos/kafka", "{}").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aBadFaultAnswersTheReason() {
        ResponseEntity<String> tooHigh = post("/chaos/database", "{\"failureRate\": 2}");
        assertThat(tooHigh.getStatusCode().value()).isEqualTo(400);
        assertThat(tooHigh.getBody()).contains("\"detail\":\"failureRate: ");
        ResponseEntity<String> notANumber = post("/chaos/database", "{\"latencyMs\": \"slow\"}");
        assertThat(notANumber.getStatusCode().value()).isEqualTo(400);
        assertThat(notANumber.getBody()).contains("\"detail\":\"latencyMs: ");
        ResponseEntity<String> unknown = post("/chaos/printer", "{}");
        assertThat(unknown.getStatusCode().value()).isEqualTo(400);
        assertThat(unknown.getBody()).contains("Unknown dependency 'printer'");
    }

    @Test
    void aMisspelledFieldAnswers400NamingTheClosestOneAndChangesNothing() {
        post("/chaos/database", "{\"failureRate\": 1.0}");
        ResponseEntity<String> misspelled = post("/chaos/database", "{\"failureRat\": 0}");

        assertThat(misspelled.getStatusCode().value()).isEqualTo(400);
        assertThat(misspelled.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(misspelled.getBody()).contains("failureRat: unknown field; did you mean 'failureRate'?",
            "\"field\":\"failureRat\"");
        assertThat(chaos.all().get("database").failureRate()).isEqualTo(1.0);
    }

    @Test
    void injectedLatencyMakesTheHealthCheckTimeOut() {
        chaos.set("health_check", new Chaos.Fault(0, 3_000)); // the client's read timeout is 2 s
        long start = System.nanoTime();
        assertThatThrownBy(healthCheck::check).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_900));
        CircuitEvent failure = breakers.find("health_check").orElseThrow().snapshot().lastFailure();
        assertThat(failure.category()).isEqualTo(ErrorCategory.TIMEOUT);
    }

    @Test
    void withoutABrokerTheLogStaysReadable(CapturedOutput output) {
        // once the relay's producer has started and failed, watch the log for a few seconds
        await().atMost(Duration.ofSeconds(20))
            .until(() -> breakers.find("kafka").orElseThrow().snapshot().failures() >= 1);
        int before = output.getAll().length();
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
        String log = output.getAll().substring(before);
        long kafkaLines = log.lines().filter(line -> line.contains("org.apache.kafka") || line.contains("o.a.kafka")
            || line.contains("o.a.k.") || line.contains("o.s.k.")).count();
        assertThat(kafkaLines).as(log).isLessThanOrEqualTo(1);
        assertThat(log).doesNotContain("Rebootstrapping");
    }
}
