package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.spring.boot.config.BreakerProperties;
import dev.circuit.spring.boot.config.BreakerSettings;
import dev.circuit.spring.boot.config.BreakerSettings.Setting;
import dev.circuit.spring.boot.config.PredefinedBreakers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** IDE auto-completion: the generated metadata describes every property and gives the defaults. */
class ConfigurationMetadataTest {

    private static Map<String, Object> metadata() throws IOException {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            return JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(String section) throws IOException {
        return (List<Map<String, Object>>) metadata().get(section);
    }

    private static Map<String, Map<String, Object>> properties() throws IOException {
        Map<String, Map<String, Object>> byName = new HashMap<>();
        entries("properties").forEach(property -> byName.put((String) property.get("name"), property));
        return byName;
    }

    @Test
    void theDefaultsShownAreTheEnginesOwn() throws IOException {
        Map<String, Map<String, Object>> properties = properties();
        for (Setting setting : BreakerSettings.all()) {
            Map<String, Object> shown = properties.get("circuit.defaults." + setting.kebabName());
            assertThat(shown).as(setting.name()).isNotNull();
            Object engineDefault = setting.valueIn(CircuitBreakerConfig.defaults());
            if (setting.isBeanReference() || setting.name().equals("maxRecoveryTimeout")) {
                assertThat(shown).as(setting.name() + " has no fixed default").doesNotContainKey("defaultValue");
                continue;
            }
            Object expected = BreakerSettings.plain(engineDefault);
            if (expected instanceof Enum<?> || expected instanceof java.util.Collection<?> c && !c.isEmpty()
                && c.iterator().next() instanceof Enum<?>) {
                expected = expected instanceof Enum<?> e ? kebab(e) : ((java.util.Collection<?>) expected).stream()
                    .map(e -> kebab((Enum<?>) e)).sorted().toList();
            }
            Object defaultValue = shown.get("defaultValue");
            if (expected instanceof Number number) {
                assertThat(((Number) defaultValue).doubleValue()).as(setting.name()).isEqualTo(number.doubleValue());
            } else {
                assertThat(defaultValue).as(setting.name()).isEqualTo(expected);
            }
        }
    }

    private static String kebab(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHintsForThePredefinedBreakersShowTheirReferenceSettings() throws IOException {
        Map<String, String> descriptions = new HashMap<>();
        entries("hints").forEach(hint -> {
            if (hint.get("name").equals("circuit.breakers.keys")) {
                ((List<Map<String, Object>>) hint.get("values")).forEach(v ->
                    descriptions.put((String) v.get("value"), (String) v.get("description")));
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
            assertThat((String) property.get("description")).as(name).isNotBlank());
    }

    @Test
    void theTopLevelPropertiesAreDescribed() throws IOException {
        Map<String, Map<String, Object>> properties = properties();
        assertThat(properties).containsKeys("circuit.enabled", "circuit.create-missing-breakers", "circuit.breakers",
            "circuit.configs", "circuit.alerts.webhook.url", "circuit.alerts.webhook.repeat-interval",
            "circuit.metrics.call-timer.enabled", "circuit.metrics.resilience4j-names", "circuit.observations.enabled", "circuit.spring-cloud.max-breakers",
            "circuit.defaults.health.fail-when-open");
        assertThat(((Number) properties.get("circuit.spring-cloud.max-breakers").get("defaultValue")).intValue())
            .isEqualTo(1000);
    }
}
