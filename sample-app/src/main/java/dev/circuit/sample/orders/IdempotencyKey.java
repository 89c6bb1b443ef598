package dev.circuit.sample.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A client's {@code Idempotency-Key} for one order, with the hash of the order it came with: the same key
 * with another order is refused.
 *
 * @param value       the key as sent
 * @param requestHash SHA-256 of the order's fields
 */
public record IdempotencyKey(String value, String requestHash) {

    /** The longest key accepted. */
    public static final int MAX_LENGTH = 200;

    /**
     * @param value    the header's value
     * @param item     the order's item
     * @param quantity the order's quantity
     * @return the key
     * @throws IllegalArgumentException when the value is blank, longer than {@link #MAX_LENGTH} or not printable ASCII
     */
    public static IdempotencyKey of(String value, String item, int quantity) {
        if (value.isBlank() || value.length() > MAX_LENGTH || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("Idempotency-Key: 1 to " + MAX_LENGTH
                + " printable ASCII characters, such as a UUID");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((item + '\u0000' + quantity).getBytes(StandardCharsets.UTF_8));
            return new IdempotencyKey(value, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
