package dev.circuit.spring.boot;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * docs/configuration.md is generated from the configuration metadata that the build writes into the starter
 * ({@code META-INF/spring-configuration-metadata.json}, with {@code additional-spring-configuration-metadata.json}
 * merged into it by Spring Boot's configuration processor), so that the page cannot drift from what the IDE
 * shows and what binds. This test renders the page and compares it with the file; with
 * {@code -Dcircuit.docs.write=true} it writes the file instead.
 */
class ConfigurationReferenceTest {

    /** The page, relative to this module's directory (the tests' working directory). */
    private static final Path PAGE = Path.of("../docs/configuration.md");

    private static final String WRITE = "circuit.docs.write";

    private static final String REGENERATE = "cd circuit-spring-boot-starter && mvn -B -q test"
        + " -Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true";

    /** The per-breaker settings: shown once, by their key below each of these prefixes. */
    private static final String BREAKER_SETTINGS = "circuit.defaults";

    /** Sections in page order, with a title and a hand-written introduction; others follow in name order. */
    private static final Map<String, String[]> SECTIONS = new LinkedHashMap<>();

    static {
        section("circuit", "Switches, breakers and shared configurations",
            "`circuit.breakers.<name>` declares a breaker and `circuit.configs.<name>` a shared configuration; both"
                + " take the [breaker settings](#breaker-settings) below. Breaker names are kept as written,"
                + " underscores and dots included (`health_check:`, `circuit.breakers[billing.v2]`).");
        section(BREAKER_SETTINGS, "Breaker settings",
            "The same keys go under `circuit.defaults.` (every breaker), `circuit.configs.<name>.` (a shared"
                + " configuration that breakers extend with `base-config`) and `circuit.breakers.<name>.` (one"
                + " breaker). A breaker's value is the first found in: its own entry, its `base-config` chain,"
                + " `circuit.defaults`, the predefined reference settings (only for the four predefined breakers),"
                + " the engine's default (the default column). Rates are fractions (`0.5`, not `50`); durations are"
                + " written `30s`, `500ms`, `2m`; a bean name refers to a bean of the application context.\n\n"
                + "Every one of them can also be changed on a running breaker through the actuator endpoint"
                + " ([actuator.md](actuator.md#retune-at-run-time)).");
        section("circuit.http-client", "A breaker per remote host",
            "Every `RestClient` and `WebClient` built from Boot's builders gets a breaker per target, named"
                + " `http:<host>:<port>` ([integrations.md](integrations.md#a-breaker-per-remote-host-restclient-and-webclient))."
                + " With `failure-statuses` unset, `5xx` responses are failures. A host's own settings:"
                + " `circuit.breakers.\"[http:api.example.com:443]\".failure-threshold: 3`.");
        section("circuit.cluster", "Fleet mode",
            "Replicas share trips, recovery probes and operator actions through Redis (Boot's"
                + " `spring.data.redis.*`; needs `spring-boot-starter-data-redis`). Each breaker's"
                + " `cluster.enabled` is under the [breaker settings](#breaker-settings). See [fleet.md](fleet.md).");
        section("circuit.alerts", "Webhook alerts",
            "A Slack-compatible message when a circuit opens and when it closes again, and reminders while it"
                + " stays open. See [operations.md](operations.md#webhook-alerts).");
        section("circuit.metrics", "Metrics",
            "Micrometer meters, bound when Micrometer is on the class path. See [actuator.md](actuator.md#metrics-prometheus-names).");
        section("circuit.observations", "Observations",
            "Micrometer observations of `@CircuitProtected` calls. See [annotation.md](annotation.md#observations).");
        section("circuit.spring-cloud", "Spring Cloud CircuitBreaker",
            "The `CircuitBreakerFactory` and `ReactiveCircuitBreakerFactory` over circuit's registry, and so"
                + " OpenFeign. See [integrations.md](integrations.md#spring-cloud-circuitbreaker).");
        section("circuit.resilience4j", "Resilience4j's annotation and properties",
            "See [migration.md](migration.md).");
        section("management.endpoint.circuitbreakers", "The actuator endpoint",
            "Boot's own properties of the `circuitbreakers` endpoint. It is read-only unless"
                + " `access` is `unrestricted`; expose it over HTTP with"
                + " `management.endpoints.web.exposure.include`. See [actuator.md](actuator.md).");
        section("resilience4j.circuitbreaker", "Resilience4j's properties",
            "Read with Resilience4j's meaning and defaults. The keys of an entry of `configs`, `instances` and"
                + " `backends` are listed, with circuit's reading of each, in [MIGRATING.md](../MIGRATING.md).");
    }

    private static void section(String group, String title, String introduction) {
        SECTIONS.put(group, new String[] {title, introduction});
    }

    @Test
    void theConfigurationReferenceIsTheOneTheMetadataGives() throws IOException {
        String page = render(metadata());
        if (Boolean.getBoolean(WRITE)) {
            Files.createDirectories(PAGE.getParent());
            Files.writeString(PAGE, page, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(PAGE)) {
            fail(PAGE.toAbsolutePath().normalize() + " does not exist. Generate it: " + REGENERATE);
        }
        String written = Files.readString(PAGE, StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (!written.equals(page)) {
            fail("docs/configuration.md is not the page the configuration metadata gives ("
                + firstDifference(written, page) + "). It is generated: do not edit it by hand; change the"
                + " properties' Javadoc, additional-spring-configuration-metadata.json or this test, then"
                + " regenerate it: " + REGENERATE);
        }
    }

    @Test
    void thePageShowsEveryPropertyOfTheMetadata() throws IOException {
        Map<String, Object> metadata = metadata();
        String page = render(metadata);
        assertThat(properties(metadata)).hasSizeGreaterThan(25).allSatisfy(property -> {
            String name = (String) property.get("name");
            String shown = name.startsWith(BREAKER_SETTINGS + ".") ? name.substring(BREAKER_SETTINGS.length() + 1) : name;
            assertThat(page).as(name).contains("| `" + shown + "` |");
        });
    }

    // ---------------------------------------------------------------------------------------------- reading

    /** The starter's own metadata: the one on the class path that declares the {@code circuit} group. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata() throws IOException {
        List<Map<String, Object>> found = new ArrayList<>();
        Enumeration<URL> resources = ConfigurationReferenceTest.class.getClassLoader()
            .getResources("META-INF/spring-configuration-metadata.json");
        JsonMapper json = JsonMapper.builder().build();
        for (URL resource : Collections.list(resources)) {
            try (InputStream in = resource.openStream()) {
                Map<String, Object> metadata = json.readValue(in, Map.class);
                List<Map<String, Object>> groups = (List<Map<String, Object>>) metadata.getOrDefault("groups", List.of());
                if (groups.stream().anyMatch(group -> "circuit".equals(group.get("name")))) {
                    found.add(metadata);
                }
            }
        }
        assertThat(found).as("circuit's spring-configuration-metadata.json on the test class path").hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> properties(Map<String, Object> metadata) {
        return (List<Map<String, Object>>) metadata.getOrDefault("properties", List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> groups(Map<String, Object> metadata) {
        return (List<Map<String, Object>>) metadata.getOrDefault("groups", List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> hints(Map<String, Object> metadata) {
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        ((List<Map<String, Object>>) metadata.getOrDefault("hints", List.of()))
            .forEach(hint -> byName.put((String) hint.get("name"), hint));
        return byName;
    }

    // ---------------------------------------------------------------------------------------------- rendering

    private static String render(Map<String, Object> metadata) {
        List<String> roots = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        for (Map<String, Object> group : groups(metadata)) {
            (group.containsKey("sourceMethod") ? nested : roots).add((String) group.get("name"));
        }
        Map<String, List<Map<String, Object>>> bySection = new TreeMap<>();
        for (Map<String, Object> property : properties(metadata)) {
            String name = (String) property.get("name");
            bySection.computeIfAbsent(section(name, roots, nested), s -> new ArrayList<>()).add(property);
        }
        bySection.values().forEach(list -> list.sort((a, b) -> ((String) a.get("name")).compareTo((String) b.get("name"))));

        List<String> order = new ArrayList<>(SECTIONS.keySet());
        order.retainAll(bySection.keySet());
        bySection.keySet().stream().filter(s -> !SECTIONS.containsKey(s)).forEach(order::add);

        Map<String, Map<String, Object>> hints = hints(metadata);
        List<String> allGroups = new ArrayList<>(roots);
        allGroups.addAll(nested);

        StringBuilder page = new StringBuilder();
        page.append("# Configuration reference\n\n")
            .append("<!-- Generated by circuit-spring-boot-starter's ConfigurationReferenceTest from the configuration\n")
            .append("     metadata; do not edit. Regenerate: ").append(REGENERATE).append(" -->\n\n")
            .append("Every property circuit reads, as the starter's configuration metadata (what your IDE completes)\n")
            .append("describes it. The page is generated from that metadata by a test that fails when the two differ.\n")
            .append("Both starters (Spring Boot 4.x and 3.5.x) read the same properties.\n\n")
            .append("- Names are kebab case in `application.yml` and `application.properties`; environment variables reach\n")
            .append("  them too: `CIRCUIT_BREAKERS_DATABASE_FAILURE_THRESHOLD=9`.\n")
            .append("- A `circuit.*` property circuit does not know (`failure-treshold`), or a value it cannot use, stops\n")
            .append("  start-up naming the property, the value and the closest known property or what is allowed\n")
            .append("  ([starter.md](starter.md#mistakes-stop-start-up)).\n")
            .append("- How the layers of a breaker's configuration combine, and the predefined breakers:\n")
            .append("  [starter.md](starter.md#how-a-breakers-settings-are-layered).\n\n");
        page.append("## Contents\n\n");
        for (String section : order) {
            String heading = heading(section, bySection.get(section), allGroups);
            page.append("- [").append(heading).append("](#").append(anchor(heading)).append(")\n");
        }
        for (String section : order) {
            List<Map<String, Object>> properties = bySection.get(section);
            page.append("\n## ").append(heading(section, properties, allGroups)).append("\n\n");
            String[] known = SECTIONS.get(section);
            if (known != null) {
                page.append(known[1]).append("\n\n");
            }
            boolean relative = section.equals(BREAKER_SETTINGS);
            page.append(relative ? "| setting | type | default | description |\n" : "| property | type | default | description |\n")
                .append("| --- | --- | --- | --- |\n");
            for (Map<String, Object> property : properties) {
                String name = (String) property.get("name");
                String shown = relative ? name.substring(BREAKER_SETTINGS.length() + 1) : name;
                page.append("| `").append(shown).append("` | ")
                    .append(type(property, hints.get(name))).append(" | ")
                    .append(defaultValue(property.get("defaultValue"), enumIn(String.valueOf(property.get("type")))))
                    .append(" | ")
                    .append(description(property)).append(" |\n");
            }
            if (section.equals("circuit")) {
                page.append(predefined(hints.get("circuit.breakers.keys")));
            }
        }
        return page.toString();
    }

    /** A property's section: the outermost nested group it belongs to, else its top-level group. */
    private static String section(String name, List<String> roots, List<String> nested) {
        return nested.stream().filter(group -> name.startsWith(group + "."))
            .min((a, b) -> Integer.compare(a.length(), b.length()))
            .orElseGet(() -> roots.stream().filter(group -> name.startsWith(group + "."))
                .max((a, b) -> Integer.compare(a.length(), b.length()))
                .orElse(name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name));
    }

    /** The section's title, and the longest group that holds all its properties (circuit.alerts.webhook). */
    private static String heading(String section, List<Map<String, Object>> properties, List<String> groups) {
        String common = groups.stream()
            .filter(group -> properties.stream().allMatch(p -> ((String) p.get("name")).startsWith(group + ".")))
            .max((a, b) -> Integer.compare(a.length(), b.length())).orElse(section);
        String[] known = SECTIONS.get(section);
        if (section.equals(BREAKER_SETTINGS)) {
            return known[0];
        }
        return known == null ? "`" + common + "`" : known[0] + ": `" + common + "`";
    }

    /** GitHub's anchor for a heading: lower case, punctuation other than - and _ dropped, spaces as -. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static final Pattern PACKAGE = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+(?=[A-Z])");

    private static String type(Map<String, Object> property, Map<String, Object> hint) {
        String raw = (String) property.get("type");
        if (raw == null) {
            return "";
        }
        String simple = PACKAGE.matcher(raw).replaceAll("").replace('$', '.').replace(",", ", ");
        StringBuilder type = new StringBuilder("`").append(simple).append("`");
        Class<?> element = enumIn(raw);
        if (element != null) {
            type.append(": ").append(Arrays.stream(element.getEnumConstants())
                .map(constant -> "`" + ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-') + "`")
                .collect(Collectors.joining(", ")));
        }
        String provided = providers(hint);
        if (!provided.isEmpty()) {
            type.append(", ").append(provided);
        }
        return type.toString().replace("|", "\\|");
    }

    /** The enum a type is, or holds (List&lt;ErrorCategory&gt;), when it is one on the class path. */
    private static Class<?> enumIn(String type) {
        Matcher element = Pattern.compile("^(?:java\\.util\\.(?:List|Set|Collection)<)?([\\w.$]+)>?$").matcher(type);
        if (!element.matches()) {
            return null;
        }
        try {
            Class<?> candidate = Class.forName(element.group(1), false, ConfigurationReferenceTest.class.getClassLoader());
            return candidate.isEnum() ? candidate : null;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static String providers(Map<String, Object> hint) {
        if (hint == null) {
            return "";
        }
        List<String> said = new ArrayList<>();
        for (Map<String, Object> provider : (List<Map<String, Object>>) hint.getOrDefault("providers", List.of())) {
            Map<String, Object> parameters = (Map<String, Object>) provider.getOrDefault("parameters", Map.of());
            String target = parameters.get("target") == null ? "" : " of `"
                + PACKAGE.matcher((String) parameters.get("target")).replaceAll("") + "`";
            switch ((String) provider.get("name")) {
                case "spring-bean-reference" -> said.add("the name of a bean" + target);
                case "class-reference" -> said.add("class names" + target);
                default -> said.add((String) provider.get("name"));
            }
        }
        return String.join(", ", said);
    }

    /** A default as written in YAML; an enum's constant in kebab case, as the type column lists them. */
    private static String defaultValue(Object value, Class<?> enumType) {
        if (value == null) {
            return "";
        }
        if (enumType != null && value instanceof String constant) {
            value = constant.toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Collection<?> values) {
            return "`[" + values.stream().map(ConfigurationReferenceTest::plain).collect(Collectors.joining(", ")) + "]`";
        }
        return "`" + escape(plain(value)) + "`";
    }

    private static String plain(Object value) {
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static String description(Map<String, Object> property) {
        String description = property.get("description") == null ? "" : (String) property.get("description");
        description = escape(description.replaceAll("\\s+", " ").trim());
        if (property.get("deprecation") instanceof Map<?, ?> deprecated) {
            Map<String, Object> d = (Map<String, Object>) deprecated;
            description = "**Deprecated**" + (d.get("replacement") == null ? "" : ": use `" + d.get("replacement") + "`")
                + (d.get("reason") == null ? "" : " (" + escape(String.valueOf(d.get("reason"))) + ")") + ". " + description;
        }
        return description;
    }

    /** Text in a Markdown table cell: no pipe ends it, no asterisk emphasises, no angle bracket opens a tag. */
    private static String escape(String text) {
        return text.replace("|", "\\|").replace("*", "\\*").replace("<", "&lt;").replace(">", "&gt;");
    }

    @SuppressWarnings("unchecked")
    private static String predefined(Map<String, Object> hint) {
        if (hint == null) {
            return "";
        }
        StringBuilder table = new StringBuilder("\nThe predefined breakers are known even when nothing is configured,")
            .append(" and each is created when something names it (`circuit.predefined-breakers: false` leaves them")
            .append(" out):\n\n")
            .append("| breaker | what it is for, and its reference settings |\n| --- | --- |\n");
        for (Map<String, Object> value : (List<Map<String, Object>>) hint.getOrDefault("values", List.of())) {
            table.append("| `").append(value.get("value")).append("` | ")
                .append(escape(String.valueOf(value.get("description")))).append(" |\n");
        }
        return table.toString();
    }

    private static String firstDifference(String written, String generated) {
        String[] a = written.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String found = i < a.length ? a[i] : "<end of file>";
            String expected = i < b.length ? b[i] : "<end of file>";
            if (!found.equals(expected)) {
                return "first difference at line " + (i + 1) + ": the file has \"" + found + "\", the metadata gives \""
                    + expected + "\"";
            }
        }
        return "they differ";
    }
}
