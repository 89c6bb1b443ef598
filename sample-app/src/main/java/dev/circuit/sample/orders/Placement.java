package dev.circuit.sample.orders;

import org.jspecify.annotations.Nullable;

/**
 * What placing an order did.
 *
 * @param outcome what happened
 * @param order   the order stored now or, for a replay, the one stored by the key's first request; null when
 *                the key was used for a different order
 */
public record Placement(Outcome outcome, @Nullable Order order) {

    /** What placing an order did. */
    public enum Outcome {
        /** The order was stored now. */
        CREATED,
        /** The key was stored with this same order before: nothing new was stored. */
        REPLAYED,
        /** The key was stored with a different order: nothing was stored. */
        KEY_REUSED
    }
}
