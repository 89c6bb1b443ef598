package dev.circuit.spring.json;

import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.json.JsonWriter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * circuit's JSON against Spring Boot's, on each Boot line: earlier releases wrote and read fleet messages and
 * webhook payloads with Boot's {@link JsonWriter} and {@code JsonParser}, and a fleet may mix releases.
 */
class JsonBootCompatibilityTest {

    private static Map<String, Object> body() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("failureThreshold", 10);
        settings.put("failureRate", 0.25);
        settings.put("recoveryTimeout", "30s");
        settings.put("automaticHalfOpen", false);
        settings.put("ignored", null);
        settings.put("codes", List.of(500, 503));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("v", 1);
        body.put("type", "RETUNE");
        body.put("instance", "replica \"one\" \\ \u00e9 \u2603 \uD83D\uDE00");
        body.put("reason", "line\nbreak\ttab\r\b\f \u0000 \u001f \u007f \u0085");
        body.put("ts", Instant.parse("2026-12-01T10:15:30Z"));
        body.put("big", Long.MAX_VALUE);
        body.put("settings", settings);
        return body;
    }

    @Test
    void writesTheTextBootsJsonWriterWrites() {
        assertThat(Json.write(body())).isEqualTo(JsonWriter.standard().writeToString(body()));
        assertThat(Json.write(Map.of("text", ":red_circle: Circuit 'db' is OPEN: \"x\""))).isEqualTo(
            JsonWriter.standard().writeToString(Map.of("text", ":red_circle: Circuit 'db' is OPEN: \"x\"")));
    }

    @Test
    void readsWhatBootsParserReadsFromTheSameText() {
        String text = JsonWriter.standard().writeToString(body());
        Map<String, Object> boots = JsonParserFactory.getJsonParser().parseMap(text);
        Map<String, Object> ours = Json.parseObject(text);

        assertThat(ours).containsOnlyKeys(boots.keySet());
        assertThat(ours.get("instance")).isEqualTo(boots.get("instance"));
        assertThat(ours.get("reason")).isEqualTo(boots.get("reason"));
        assertThat(ours.get("ts")).isEqualTo(boots.get("ts"));
        // numbers: the same values, whatever boxes each parser picks
        assertThat(((Number) ours.get("v")).intValue()).isEqualTo(((Number) boots.get("v")).intValue());
        assertThat(((Number) ours.get("big")).longValue()).isEqualTo(((Number) boots.get("big")).longValue());
        assertThat(Json.write(ours.get("settings"))).isEqualTo(JsonWriter.standard().writeToString(boots.get("settings")));
    }
}
