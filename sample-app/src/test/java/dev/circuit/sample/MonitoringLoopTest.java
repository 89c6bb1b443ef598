package dev.circuit.sample;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import dev.circuit.sample.monitoring.MonitoringLoop;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The downstream service is unreachable: its circuit opens, and the loop carries on pushing metrics. */
@SampleApplicationTest
@TestPropertySource(properties = {
    "sample.monitoring.interval=100ms",
    "sample.monitoring.timeout=500ms",
    "circuit.breakers.health_check.failure-threshold=3",
    "circuit.breakers.health_check.recovery-timeout=1h"
})
class MonitoringLoopTest {

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "monitoring");
        int closed = SampleTestProperties.freePort();
        registry.add("sample.monitoring.downstream-url", () -> "http://127.0.0.1:" + closed + "/health");
    }

    @Autowired
    MonitoringLoop loop;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void theLoopSurvivesAnOpenCircuitAndShowsItInHealth() {
        await().atMost(Duration.ofSeconds(10)).until(() -> breakers.find("health_check").orElseThrow().state() == CircuitState.OPEN);
        long runsWhenOpened = loop.runs();
        long rejectedWhenOpened = breakers.find("health_check").orElseThrow().snapshot().rejected();
        long pushesWhenOpened = breakers.find("metrics_export").orElseThrow().snapshot().successes();

        // the run whose check opened the circuit may still be finishing when the counts are read: one more
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.runs() >= runsWhenOpened + 6);
        assertThat(breakers.find("health_check").orElseThrow().snapshot().rejected()).isGreaterThanOrEqualTo(rejectedWhenOpened + 5);
        assertThat(breakers.find("health_check").orElseThrow().snapshot().failures()).isEqualTo(3);
        assertThat(breakers.find("metrics_export").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
        // every round still pushes its metrics (one push may straddle the moment the counts were read)
        assertThat(breakers.find("metrics_export").orElseThrow().snapshot().successes()).isGreaterThanOrEqualTo(pushesWhenOpened + 4);
        assertThat(loop.degradedRuns()).isGreaterThanOrEqualTo(5);

        String health = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).endsWith("\"status\":\"UP\"}").contains("\"health_check\":{\"details\":{\"state\":\"OPEN\"");
        assertThat(health).contains("\"metrics_export\":{\"details\":{\"state\":\"CLOSED\"");
    }
}
