package dev.circuit.sample.chaos;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
 * Every field has a default (0); a bad value answers 400 with a problem detail naming the field.
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
     * A fault as requested; a field left out is 0.
     *
     * @param failureRate the fraction of calls that fail, in [0, 1]
     * @param latencyMs   the delay added to every call, in milliseconds, in [0, 60000]
     */
    public record FaultRequest(
        @DecimalMin("0.0") @DecimalMax("1.0") Double failureRate,
        @Min(0) @Max(60_000) Long latencyMs) {

        Chaos.Fault fault() {
            return new Chaos.Fault(failureRate == null ? 0 : failureRate, latencyMs == null ? 0 : latencyMs);
        }
    }

    /**
     * Sets a dependency's fault.
     *
     * @param dependency database, kafka, health_check, metrics_export or pipeline
     * @param fault      the fault
     * @return every dependency's fault, or 400 with the reason
     */
    @PostMapping("/{dependency}")
    public ResponseEntity<Object> inject(@PathVariable String dependency, @Valid @RequestBody FaultRequest fault) {
        try {
            chaos.set(dependency, fault.fault());
        } catch (IllegalArgumentException e) {
            return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage())).build();
        }
        return ResponseEntity.ok(chaos.all());
    }
}
