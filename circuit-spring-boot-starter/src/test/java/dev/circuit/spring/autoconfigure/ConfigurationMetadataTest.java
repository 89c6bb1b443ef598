package dev.circuit.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** IDE auto-completion: the generated metadata describes every property and gives the defaults. */
class ConfigurationMetadataTest {

    private static Map<String, JsonNode> properties() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonNode root = JsonMapper.builder().build().readTree(in);
            Map<String, JsonNode> byName = new HashMap<>();
            root.get("properties").forEach(property -> byName.put(property.get("name").asString(), property));
            return byName;
        }
    }

    @Test
    void everyPropertyHasADescription() throws IOException {
        assertThat(properties()).hasSizeGreaterThan(25).allSatisfy((name, property) ->
            assertThat(property.path("description").asString()).as(name).isNotBlank());
    }

    @Test
    void everyDefaultsSettingWithADefaultShowsIt() throws IOException {
        Set<String> withoutDefault = Set.of("base-config", "failure-predicate", "result-predicate", "classifier",
            "max-recovery-timeout");
        Map<String, JsonNode> properties = properties();
        properties.forEach((name, property) -> {
            if (name.startsWith("circuit.defaults.") && !withoutDefault.contains(name.substring("circuit.defaults.".length()))) {
                assertThat(property.has("defaultValue")).as(name).isTrue();
            }
        });
        assertThat(properties.get("circuit.defaults.failure-threshold").get("defaultValue").asInt()).isEqualTo(5);
        assertThat(properties.get("circuit.defaults.recovery-timeout").get("defaultValue").asString()).isEqualTo("60s");
        assertThat(properties).containsKeys("circuit.enabled", "circuit.create-missing-breakers", "circuit.breakers",
            "circuit.configs", "circuit.alerts.webhook.url", "circuit.defaults.health.fail-when-open");
    }
}
