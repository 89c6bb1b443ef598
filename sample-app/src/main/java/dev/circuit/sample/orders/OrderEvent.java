package dev.circuit.sample.orders;

import java.time.Instant;

/**
 * The {@code order-created} event, as published to Kafka.
 *
 * @param type      always {@code order-created}
 * @param orderId   the order's id
 * @param item      what was ordered
 * @param quantity  how many
 * @param createdAt when the order was stored
 */
public record OrderEvent(String type, long orderId, String item, int quantity, Instant createdAt) {

    /**
     * The event of a stored order.
     *
     * @param order the order
     * @return its event
     */
    public static OrderEvent created(Order order) {
        return new OrderEvent("order-created", order.id(), order.item(), order.quantity(), order.createdAt());
    }

    /** @return the event as JSON */
    public String toJson() {
        return "{\"type\":\"" + type + "\",\"orderId\":" + orderId + ",\"item\":\"" + escape(item)
            + "\",\"quantity\":" + quantity + ",\"createdAt\":\"" + createdAt + "\"}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
