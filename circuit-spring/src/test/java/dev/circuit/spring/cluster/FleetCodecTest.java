package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitState;
import dev.circuit.spring.cluster.FleetCodec.Decoded;
import dev.circuit.spring.cluster.FleetCodec.Received;
import dev.circuit.spring.cluster.FleetCodec.Refusal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FleetCodecTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:15:30Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);
    private static final String REASON = "5 consecutive failures: \"db\" said \\ no\n\ttab \u00e9 \u2603 \u0001";

    /**
     * Messages as the release before this codec wrote them (with Spring Boot's JSON writer), signed with the
     * secret {@code s3cret} at {@link #NOW}: replicas of that release and of this one share a fleet.
     */
    private static final List<String> SIGNED_BY_THE_PREVIOUS_RELEASE = List.of(
        "{\"v\":1,\"type\":\"TRIP\",\"instance\":\"replica-1\",\"breaker\":\"database\",\"ts\":\"2026-12-01T10:15:30Z\","
            + "\"nonce\":\"9edb29630ac3f4ae9dd5348d5d4\",\"until\":\"2026-12-01T10:16:00Z\",\"reason\":\"5 consecutive"
            + " failures: \\\"db\\\" said \\\\ no\\n\\ttab \u00e9 \u2603 \\u0001\","
            + "\"sig\":\"cfae67be38bfdcf2ee1007857baab959fbba91ee14801a15d990d1e99a0657a8\"}",
        "{\"v\":1,\"type\":\"REOPEN\",\"instance\":\"replica-1\",\"breaker\":\"database\",\"ts\":\"2026-12-01T10:15:30Z\","
            + "\"nonce\":\"f5c8d6ce88b4d35d9dd5bc9c7b6\",\"until\":\"2026-12-01T10:17:00Z\",\"reason\":\"probe failed\","
            + "\"sig\":\"9fe9cdfefd98dcef50a5435a526b3023ac73633e15d41efcbaaf44f31a869234\"}",
        "{\"v\":1,\"type\":\"CLOSE\",\"instance\":\"replica-1\",\"breaker\":\"database\",\"ts\":\"2026-12-01T10:15:30Z\","
            + "\"nonce\":\"2aa1521c27886b539dd5bd2c1fb\",\"reason\":\"probe succeeded\","
            + "\"sig\":\"60543575b9817431e0c94cecd9f3ca7e333a0c7e1f629b51e7caffd879bb9eae\"}",
        "{\"v\":1,\"type\":\"COMMAND\",\"instance\":\"replica-1\",\"breaker\":\"kafka\",\"ts\":\"2026-12-01T10:15:30Z\","
            + "\"nonce\":\"c6d7d811c32113109dd5bd8644a\",\"target\":\"FORCED_OPEN\",\"reason\":\"maintenance\","
            + "\"sig\":\"1647f2c61d90a8322e9595761292260a6931b3af9cee0eaabd19b222f420d5ba\"}",
        "{\"v\":1,\"type\":\"RETUNE\",\"instance\":\"replica-1\",\"breaker\":\"kafka\",\"ts\":\"2026-12-01T10:15:30Z\","
            + "\"nonce\":\"deff9733d47c6d4e9dd5bdee799\",\"settings\":{\"failureThreshold\":10,\"failureRate\":0.5,"
            + "\"recoveryTimeout\":\"30s\",\"automaticHalfOpen\":true},"
            + "\"sig\":\"685be1386ecff604e3a82ea9fb82c30fc45fc7873c66157495d1005032961632\"}");

    private static List<FleetMessage> messages() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("failureThreshold", 10L);
        settings.put("failureRate", 0.5);
        settings.put("recoveryTimeout", "30s");
        settings.put("automaticHalfOpen", true);
        return List.of(
            new FleetMessage.Trip("database", Instant.parse("2026-12-01T10:16:00Z"), REASON),
            new FleetMessage.Reopen("database", Instant.parse("2026-12-01T10:17:00Z"), "probe failed"),
            new FleetMessage.Close("database", "probe succeeded"),
            new FleetMessage.Command("kafka", CircuitState.FORCED_OPEN, "maintenance"),
            new FleetMessage.Retune("kafka", settings));
    }

    @Test
    void messagesSignedByThePreviousReleaseAreDecodedAndVerified() {
        FleetCodec codec = new FleetCodec("s3cret", CLOCK);
        List<FleetMessage> decoded = SIGNED_BY_THE_PREVIOUS_RELEASE.stream()
            .map(codec::decode)
            .map(result -> {
                assertThat(result.refusal()).isNull();
                assertThat(result.received().instance()).isEqualTo("replica-1");
                assertThat(result.received().sentAt()).isEqualTo(NOW);
                return result.received().message();
            })
            .toList();

        assertThat(decoded).isEqualTo(messages());
    }

    @Test
    void messagesAreWrittenAsThePreviousReleaseWroteThem() {
        FleetCodec codec = new FleetCodec("s3cret", CLOCK);
        List<FleetMessage> messages = messages();
        for (int i = 0; i < messages.size(); i++) {
            String previous = SIGNED_BY_THE_PREVIOUS_RELEASE.get(i);
            String nonce = previous.replaceAll(".*\"nonce\":\"([0-9a-f]+)\".*", "$1");
            String now = codec.encode("replica-1", messages.get(i));
            // the same text but for the nonce, which is random, and so the signature over it
            assertThat(withoutNonceAndSignature(now)).isEqualTo(withoutNonceAndSignature(previous));
            assertThat(nonce).isNotEqualTo(now.replaceAll(".*\"nonce\":\"([0-9a-f]+)\".*", "$1"));
        }
    }

    private static String withoutNonceAndSignature(String wire) {
        return wire.replaceAll("\"nonce\":\"[0-9a-f]+\"", "\"nonce\":\"\"").replaceAll(",\"sig\":\"[0-9a-f]+\"}$", "}");
    }

    @Test
    void everyKindOfMessageSurvivesARoundTripSignedOrNot() {
        for (String secret : new String[] {null, "s3cret"}) {
            FleetCodec codec = new FleetCodec(secret, CLOCK);
            assertThat(codec.signs()).isEqualTo(secret != null);
            for (FleetMessage message : messages()) {
                Decoded decoded = codec.decode(codec.encode("replica-2", message));
                assertThat(decoded.refusal()).isNull();
                assertThat(decoded.received()).isEqualTo(new Received("replica-2", NOW, message));
            }
        }
    }

    @Test
    void malformedTextAndMissingOrMistypedFieldsAreRefusedAsMalformed() {
        FleetCodec codec = new FleetCodec(null, CLOCK);
        assertThat(codec.decode("not json").refusal()).isEqualTo(Refusal.MALFORMED);
        assertThat(codec.decode("[1]").refusal()).isEqualTo(Refusal.MALFORMED);
        assertThat(codec.decode("{\"type\":\"CLOSE\"}").refusal()).isEqualTo(Refusal.MALFORMED);
        assertThat(codec.decode("{\"v\":1,\"type\":\"CLOSE\",\"instance\":\"a\",\"breaker\":7,\"ts\":\"2026-12-01T10:15:30Z\"}")
            .refusal()).isEqualTo(Refusal.MALFORMED);
        assertThat(codec.decode("{\"v\":1,\"type\":\"PANIC\",\"instance\":\"a\",\"breaker\":\"b\",\"ts\":\"2026-12-01T10:15:30Z\"}")
            .refusal()).isEqualTo(Refusal.MALFORMED);
        assertThat(codec.decode("{\"v\":1,\"type\":\"RETUNE\",\"instance\":\"a\",\"breaker\":\"b\",\"ts\":\"2026-12-01T10:15:30Z\","
            + "\"settings\":[1]}").refusal()).isEqualTo(Refusal.MALFORMED);
        assertThat(codec.decode("{\"v\":2,\"type\":\"CLOSE\"}").refusal()).isEqualTo(Refusal.VERSION);
    }

    @Test
    void withASecretUnsignedWronglySignedStaleAndReplayedMessagesAreRefused() {
        FleetCodec codec = new FleetCodec("s3cret", CLOCK);
        FleetMessage close = new FleetMessage.Close("database", "probe succeeded");

        assertThat(codec.decode(new FleetCodec(null, CLOCK).encode("a", close)).refusal()).isEqualTo(Refusal.UNSIGNED);
        assertThat(codec.decode(new FleetCodec("other", CLOCK).encode("a", close)).refusal()).isEqualTo(Refusal.BAD_SIGNATURE);
        String tampered = SIGNED_BY_THE_PREVIOUS_RELEASE.get(2).replace("probe succeeded", "probe succeeded!");
        assertThat(codec.decode(tampered).refusal()).isEqualTo(Refusal.BAD_SIGNATURE);

        String old = new FleetCodec("s3cret", InstantSource.fixed(NOW.minus(FleetCodec.MAX_AGE).minusSeconds(1))).encode("a", close);
        assertThat(codec.decode(old).refusal()).isEqualTo(Refusal.STALE);
        assertThat(codec.decode(old, false).refusal()).isNull(); // the fleet's state kept in Redis is not judged by age

        String wire = codec.encode("a", close);
        assertThat(codec.decode(wire).refusal()).isNull();
        assertThat(codec.decode(wire).refusal()).isEqualTo(Refusal.REPLAYED);
    }
}
