package dev.circuit.spring.boot.actuate;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitSnapshot;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /actuator/circuitbreakers/{name}} and an operator's {@code POST} answer for one
 * breaker: its snapshot, its effective configuration, its recent events and, beside them, each
 * {@code CircuitStatusContributor}'s section for it (fleet mode's {@code "cluster"}).
 *
 * @param snapshot its figures now
 * @param config   every setting by its camel-case name, as {@code application.yml} writes it
 * @param events   its recent events, oldest first
 * @param sections each contributor's section for it, by the contributor's name; empty ones left out
 */
public record BreakerReport(CircuitSnapshot snapshot, Map<String, Object> config, List<CircuitEvent> events,
                            @JsonIgnore Map<String, Object> sections) {

    /** @return the sections, written as top-level members */
    @JsonAnyGetter
    public Map<String, Object> sectionsByName() {
        return sections;
    }
}
