package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitState;

import java.time.Instant;
import java.util.Map;

/**
 * What instances of a fleet tell each other, one record per kind. Messages are decoded and verified once,
 * at the edge ({@link FleetCodec}); past it, nothing is a map or a string to pick apart.
 */
public sealed interface FleetMessage {

    /** @return the breaker the message is about */
    String breaker();

    /**
     * A circuit opened on the sender by its own policy.
     *
     * @param breaker the breaker
     * @param until   when the sender's open period ends
     * @param reason  the sender's reason
     */
    record Trip(String breaker, Instant until, String reason) implements FleetMessage {
    }

    /**
     * The sender's probe failed: the breaker re-opens everywhere until the same time.
     *
     * @param breaker the breaker
     * @param until   the backed-off next attempt
     * @param reason  the sender's reason
     */
    record Reopen(String breaker, Instant until, String reason) implements FleetMessage {
    }

    /**
     * The sender's probe succeeded: the breaker closes everywhere.
     *
     * @param breaker the breaker
     * @param reason  the sender's reason
     */
    record Close(String breaker, String reason) implements FleetMessage {
    }

    /**
     * An operator's action on the sender, for every instance.
     *
     * @param breaker the breaker
     * @param target  the state asked for
     * @param reason  the operator's reason
     */
    record Command(String breaker, CircuitState target, String reason) implements FleetMessage {
    }

    /**
     * A retuning on the sender, for every instance.
     *
     * @param breaker  the breaker
     * @param settings the settings, by their camel-case names
     */
    record Retune(String breaker, Map<String, Object> settings) implements FleetMessage {
    }
}
