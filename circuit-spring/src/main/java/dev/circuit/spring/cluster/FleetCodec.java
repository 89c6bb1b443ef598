package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitState;
import dev.circuit.spring.json.Json;
import org.jspecify.annotations.Nullable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wire format of fleet messages: JSON with a version, the sender, a timestamp and a nonce, and with
 * {@code circuit.cluster.secret} set an HMAC-SHA256 over all of it ({@code "sig"}, last). With a secret,
 * unsigned, wrongly signed, stale (older than {@link #MAX_AGE} or as far in the future) and replayed
 * messages are refused. The secret never leaves this class: not in a message, a log or a status.
 */
public final class FleetCodec {

    /** How old a signed message may be; older ones are replays or from a clock far off. */
    public static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final int VERSION = 1;
    private static final String SIGNATURE = ",\"sig\":\"";

    /** Why a message was refused. */
    public enum Refusal {
        /** Not JSON, or a field missing or of the wrong type. */
        MALFORMED,
        /** Another version of the format. */
        VERSION,
        /** No signature, with a secret configured. */
        UNSIGNED,
        /** A signature that does not match. */
        BAD_SIGNATURE,
        /** Signed too long ago (or too far ahead). */
        STALE,
        /** Seen before. */
        REPLAYED
    }

    /**
     * A message as received.
     *
     * @param instance the sender
     * @param sentAt   when it was sent, by the sender's clock
     * @param message  what it says
     */
    public record Received(String instance, Instant sentAt, FleetMessage message) {
    }

    /** What decoding made of a message: exactly one of the two is set. */
    public record Decoded(@Nullable Received received, @Nullable Refusal refusal) {
    }

    private final @Nullable SecretKeySpec key;
    private final InstantSource clock;
    private final Map<String, Instant> seenNonces = new ConcurrentHashMap<>();

    /**
     * @param secret the shared secret, or null for unsigned messages
     * @param clock  the clock that stamps and judges messages
     */
    public FleetCodec(@Nullable String secret, InstantSource clock) {
        this.key = secret == null || secret.isEmpty() ? null
            : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** @return whether messages are signed */
    public boolean signs() {
        return key != null;
    }

    /**
     * Encodes a message for the wire.
     *
     * @param instance the sender
     * @param message  the message
     * @return the JSON text, signed when there is a secret
     */
    public String encode(String instance, FleetMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("v", VERSION);
        body.put("type", type(message));
        body.put("instance", instance);
        body.put("breaker", message.breaker());
        body.put("ts", clock.instant().toString());
        // unique, not secret (the signature covers it): no SecureRandom on a transition
        body.put("nonce", Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime()));
        if (message instanceof FleetMessage.Trip trip) {
            body.put("until", trip.until().toString());
            body.put("reason", trip.reason());
        } else if (message instanceof FleetMessage.Reopen reopen) {
            body.put("until", reopen.until().toString());
            body.put("reason", reopen.reason());
        } else if (message instanceof FleetMessage.Close close) {
            body.put("reason", close.reason());
        } else if (message instanceof FleetMessage.Command command) {
            body.put("target", command.target().name());
            body.put("reason", command.reason());
        } else if (message instanceof FleetMessage.Retune retune) {
            body.put("settings", retune.settings());
        }
        String text = Json.write(body);
        return key == null ? text : text.substring(0, text.length() - 1) + SIGNATURE + sign(text) + "\"}";
    }

    private static String type(FleetMessage message) {
        if (message instanceof FleetMessage.Trip) {
            return "TRIP";
        } else if (message instanceof FleetMessage.Reopen) {
            return "REOPEN";
        } else if (message instanceof FleetMessage.Close) {
            return "CLOSE";
        } else if (message instanceof FleetMessage.Command) {
            return "COMMAND";
        }
        return "RETUNE";
    }

    /**
     * Decodes and verifies a message of the channel: signature, age and nonce.
     *
     * @param wire the text received
     * @return the message, or why it was refused
     */
    public Decoded decode(String wire) {
        return decode(wire, true);
    }

    /**
     * Decodes and verifies a message; a message kept in Redis as the fleet's state is not judged by age.
     *
     * @param wire  the text
     * @param fresh whether it must be recent and new (a message of the channel)
     * @return the message, or why it was refused
     */
    public Decoded decode(String wire, boolean fresh) {
        String text = wire;
        if (key != null) {
            int at = wire.lastIndexOf(SIGNATURE);
            if (at < 0 || !wire.endsWith("\"}")) {
                return refused(Refusal.UNSIGNED);
            }
            text = wire.substring(0, at) + "}";
            byte[] given = wire.substring(at + SIGNATURE.length(), wire.length() - 2).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(given, sign(text).getBytes(StandardCharsets.US_ASCII))) {
                return refused(Refusal.BAD_SIGNATURE);
            }
        }
        Map<String, @Nullable Object> body;
        try {
            body = Json.parseObject(text);
        } catch (RuntimeException malformed) {
            return refused(Refusal.MALFORMED);
        }
        if (!(body.get("v") instanceof Number version) || version.intValue() != VERSION) {
            return refused(body.containsKey("v") ? Refusal.VERSION : Refusal.MALFORMED);
        }
        try {
            String instance = string(body, "instance");
            Instant sentAt = Instant.parse(string(body, "ts"));
            if (key != null && fresh) {
                Instant now = clock.instant();
                if (Duration.between(sentAt, now).abs().compareTo(MAX_AGE) > 0) {
                    return refused(Refusal.STALE);
                }
                forgetOldNonces(now);
                if (seenNonces.putIfAbsent(string(body, "nonce"), sentAt.plus(MAX_AGE)) != null) {
                    return refused(Refusal.REPLAYED);
                }
            }
            return new Decoded(new Received(instance, sentAt, message(body)), null);
        } catch (RuntimeException malformed) {
            return refused(Refusal.MALFORMED);
        }
    }

    private static FleetMessage message(Map<String, @Nullable Object> body) {
        String breaker = string(body, "breaker");
        String reason = body.get("reason") instanceof String given ? given : "";
        return switch (string(body, "type")) {
            case "TRIP" -> new FleetMessage.Trip(breaker, Instant.parse(string(body, "until")), reason);
            case "REOPEN" -> new FleetMessage.Reopen(breaker, Instant.parse(string(body, "until")), reason);
            case "CLOSE" -> new FleetMessage.Close(breaker, reason);
            case "COMMAND" -> new FleetMessage.Command(breaker, CircuitState.valueOf(string(body, "target")), reason);
            case "RETUNE" -> {
                if (!(body.get("settings") instanceof Map<?, ?> settings)) {
                    throw new IllegalArgumentException("settings");
                }
                Map<String, Object> copy = new LinkedHashMap<>();
                settings.forEach((name, value) -> copy.put(String.valueOf(name), value));
                yield new FleetMessage.Retune(breaker, copy);
            }
            default -> throw new IllegalArgumentException("type");
        };
    }

    private static String string(Map<String, @Nullable Object> body, String field) {
        if (body.get(field) instanceof String value) {
            return value;
        }
        throw new IllegalArgumentException(field);
    }

    private void forgetOldNonces(Instant now) {
        if (seenNonces.size() > 1_000) {
            seenNonces.values().removeIf(until -> until.isBefore(now));
        }
    }

    private static Decoded refused(Refusal refusal) {
        return new Decoded(null, refusal);
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
