package dev.circuit.sample.web;

import dev.circuit.sample.chaos.Chaos;
import dev.circuit.sample.chaos.ChaosHttpInterceptor;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stand-ins for the outside systems, so that the sample works with nothing else running: a
 * downstream service's health, a metrics collector, a record source and a webhook that receives
 * alerts. Point {@code sample.*} and {@code circuit.alerts.webhook.url} at real ones in a real setup.
 */
@RestController
@RequestMapping("/stub")
public class StubDependencies {

    private final Chaos chaos;
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong nextRecord = new AtomicLong();
    private final List<String> alerts = new CopyOnWriteArrayList<>();

    StubDependencies(Chaos chaos) {
        this.chaos = chaos;
    }

    /**
     * The downstream service's health.
     *
     * @param latencyMs how long to wait before answering (an injected fault)
     * @return UP
     */
    @GetMapping("/downstream/health")
    public Map<String, String> downstreamHealth(
            @RequestHeader(name = ChaosHttpInterceptor.LATENCY_HEADER, defaultValue = "0") long latencyMs) {
        Chaos.pause(latencyMs);
        return Map.of("status", "UP");
    }

    /**
     * Receives a metrics payload.
     *
     * @param payload   the payload
     * @param latencyMs how long to wait before answering (an injected fault)
     * @return 202
     */
    @PostMapping("/collector/metrics")
    public ResponseEntity<Void> collect(@RequestBody String payload,
            @RequestHeader(name = ChaosHttpInterceptor.LATENCY_HEADER, defaultValue = "0") long latencyMs) {
        Chaos.pause(latencyMs);
        pushes.incrementAndGet();
        return ResponseEntity.accepted().build();
    }

    /** @return payloads received */
    @GetMapping("/collector/metrics")
    public Map<String, Long> collected() {
        return Map.of("received", pushes.get());
    }

    /** @return three records; bad ones (a negative value) while the {@code pipeline} fault strikes */
    @GetMapping("/source/records")
    public Map<String, Object> records() {
        boolean bad = chaos.strikes("pipeline");
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long id = nextRecord.incrementAndGet();
            records.add(Map.of("id", "r-" + id, "value", bad && i == 1 ? -1 : (int) (id % 100)));
        }
        return Map.of("records", records);
    }

    /**
     * Receives an alert, as a Slack webhook would.
     *
     * @param alert the alert
     * @return 200
     */
    @PostMapping("/alerts")
    public ResponseEntity<Void> alert(@RequestBody String alert) {
        alerts.add(Instant.now() + " " + alert);
        return ResponseEntity.ok().build();
    }

    /** @return the alerts received, oldest first */
    @GetMapping("/alerts")
    public List<String> alerts() {
        return List.copyOf(alerts);
    }
}
