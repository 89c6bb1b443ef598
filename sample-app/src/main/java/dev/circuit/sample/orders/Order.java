package dev.circuit.sample.orders;

import java.time.Instant;

/**
 * A stored order.
 *
 * @param id        its id, given by the database
 * @param item      what was ordered
 * @param quantity  how many
 * @param createdAt when it was stored
 */
public record Order(long id, String item, int quantity, Instant createdAt) {
}
