package dev.circuit.sample.chaos;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Fault injection for demos, only in the {@code demo} profile:
 * {@code POST /chaos/database {"failureRate": 1.0, "latencyMs": 0}}; {@code {"failureRate": 0}} heals.
 */
@RestController
@RequestMapping("/chaos")
@Profile("demo")
public class ChaosController {

    private final Chaos chaos;

    ChaosController(Chaos chaos) {
        this.chaos = chaos;
    }

    /** @return every dependency's fault */
    @GetMapping
    public Map<String, Chaos.Fault> faults() {
        return chaos.all();
    }

    /**
     * Sets a dependency's fault.
     *
     * @param dependency database, kafka, health_check, metrics_export or pipeline
     * @param fault      the fault
     * @return every dependency's fault, or 400 with the reason
     */
    @PostMapping("/{dependency}")
    public ResponseEntity<Object> inject(@PathVariable String dependency, @RequestBody Chaos.Fault fault) {
        try {
            chaos.set(dependency, fault);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
        }
        return ResponseEntity.ok(chaos.all());
    }
}
