package dev.circuit.spring.boot.actuate;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.circuit.core.CircuitSnapshot;

import java.util.Map;

/**
 * What {@code GET /actuator/circuitbreakers} answers: {@code {"breakers": {name: snapshot, ...}}}, and
 * beside it one section per {@code CircuitStatusContributor}, under its name (fleet mode's
 * {@code "cluster"}).
 *
 * @param breakers every breaker's snapshot, by name, sorted
 * @param sections each contributor's section, by its name, written beside {@code breakers}
 */
public record BreakersReport(Map<String, CircuitSnapshot> breakers, @JsonIgnore Map<String, Object> sections) {

    /** @return the sections, written as top-level members */
    @JsonAnyGetter
    public Map<String, Object> sectionsByName() {
        return sections;
    }
}
