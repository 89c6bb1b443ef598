package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.spring.boot.config.BreakerProperties;
import dev.circuit.spring.boot.config.BreakerSettings;
import dev.circuit.spring.boot.config.BreakerSettings.Setting;
import dev.circuit.spring.boot.config.PredefinedBreakers;
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

    private static JsonNode metadata() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            return JsonMapper.builder().build().readTree(in);
        }
    }

    private static Map<String, JsonNode> properties() throws IOException {
        Map<String, JsonNode> byName = new HashMap<>();
        metadata().get("properties").forEach(property -> byName.put(property.get("name").asString(), property));
        return byName;
    }

    @Test
    void theDefaultsShownAreTheEnginesOwn() throws IOException {
        Map<String, JsonNode> properties = properties();
        JsonMapper json = JsonMapper.builder().build();
        for (Setting setting : BreakerSettings.all()) {
            JsonNode shown = properties.get("circuit.defaults." + setting.kebabName());
            assertThat(shown).as(setting.name()).isNotNull();
            Object engineDefault = setting.valueIn(CircuitBreakerConfig.defaults());
            if (setting.isBeanReference() || setting.name().equals("maxRecoveryTimeout")) {
                assertThat(shown.has("defaultValue")).as(setting.name() + " has no fixed default").isFalse();
                continue;
            }
            Object expected = BreakerSettings.plain(engineDefault);
            if (expected instanceof Enum<?> || expected instanceof java.util.Collection<?> c && !c.isEmpty()
                && c.iterator().next() instanceof Enum<?>) {
                expected = expected instanceof Enum<?> e ? kebab(e) : ((java.util.Collection<?>) expected).stream()
                    .map(e -> kebab((Enum<?>) e)).sorted().toList();
            }
            if (expected instanceof Number number) {
                assertThat(shown.get("defaultValue").asDouble()).as(setting.name()).isEqualTo(number.doubleValue());
            } else {
                assertThat(shown.get("defaultValue")).as(setting.name()).isEqualTo(json.valueToTree(expected));
            }
        }
    }

    private static String kebab(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Test
    void theHintsForThePredefinedBreakersShowTheirReferenceSettings() throws IOException {
        Map<String, String> descriptions = new HashMap<>();
        metadata().get("hints").forEach(hint -> {
            if (hint.get("name").asString().equals("circuit.breakers.keys")) {
                hint.get("values").forEach(v -> descriptions.put(v.get("value").asString(), v.get("description").asString()));
            }
        });
        Map<String, BreakerProperties> predefined = PredefinedBreakers.load();
        assertThat(descriptions).containsOnlyKeys(predefined.keySet());
        predefined.forEach((name, settings) -> BreakerSettings.all().forEach(setting -> {
            Object value = setting.valueIn(settings);
            if (value != null) {
                assertThat(descriptions.get(name)).as(name).contains(setting.kebabName() + " " + BreakerSettings.plain(value));
            }
        }));
    }

    @Test
    void everyPropertyHasADescription() throws IOException {
        assertThat(properties()).hasSizeGreaterThan(25).allSatisfy((name, property) ->
            assertThat(property.path("description").asString()).as(name).isNotBlank());
    }

    @Test
    void theTopLevelPropertiesAreDescribed() throws IOException {
        Map<String, JsonNode> properties = properties();
        assertThat(properties).containsKeys("circuit.enabled", "circuit.create-missing-breakers", "circuit.breakers",
            "circuit.configs", "circuit.alerts.webhook.url", "circuit.alerts.webhook.repeat-interval",
            "circuit.metrics.call-timer.enabled", "circuit.observations.enabled", "circuit.spring-cloud.max-breakers",
            "circuit.defaults.health.fail-when-open");
        assertThat(properties.get("circuit.spring-cloud.max-breakers").get("defaultValue").asInt()).isEqualTo(1000);
    }
}
