package dev.circuit.sample;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import dev.circuit.sample.chaos.Chaos;
import dev.circuit.sample.pipeline.IngestedRecords;
import dev.circuit.sample.pipeline.IngestionJob;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad data trips the pipeline's circuit, which stays open, loading nothing, until an operator resets it. */
@SampleApplicationTest
@TestPropertySource(properties = {
    "sample.pipeline.interval=100ms"
})
class PipelineTest {

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "pipeline");
    }

    @Autowired
    Chaos chaos;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    IngestedRecords records;

    @Autowired
    IngestionJob job;

    private RestClient http() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    private CircuitState pipelineState() {
        return breakers.find("pipeline").orElseThrow().state();
    }

    @Test
    void badDataStopsThePipelineUntilAnOperatorResetsIt() throws InterruptedException {
        await().atMost(Duration.ofSeconds(10)).until(() -> job.loadedBatches() >= 2);

        chaos.set("pipeline", new Chaos.Fault(1.0, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> pipelineState() == CircuitState.OPEN);
        chaos.clear();
        long loaded = records.count();
        assertThat(loaded % 3).isZero(); // whole batches only
        assertThat(job.rejectedBatches()).isEqualTo(1);

        Thread.sleep(1_000); // ten more rounds: the data is fine again, but nobody has looked at it yet
        assertThat(pipelineState()).isEqualTo(CircuitState.OPEN);
        assertThat(records.count()).isEqualTo(loaded);
        assertThat(breakers.find("pipeline").orElseThrow().snapshot().nextAttemptAt()).isNull();

        await().atMost(Duration.ofSeconds(10)).until(() -> http().get().uri("/stub/alerts").retrieve().body(String.class)
            .contains("Circuit 'pipeline' is OPEN: 1 consecutive failure; waiting for an operator to reset it"));

        String reset = http().post().uri("/actuator/circuitbreakers/pipeline").contentType(MediaType.APPLICATION_JSON)
            .headers(headers -> headers.setBasicAuth("operator", SampleTestProperties.OPERATOR_PASSWORD))
            .body("{\"action\": \"RESET\"}").retrieve().body(String.class);
        assertThat(reset).contains("\"state\":\"CLOSED\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> records.count() >= loaded + 6);
        assertThat(pipelineState()).isEqualTo(CircuitState.CLOSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> http().get().uri("/stub/alerts").retrieve().body(String.class)
            .contains("Circuit 'pipeline' recovered (OPEN -> CLOSED): reset by operator"));
    }
}
