package dev.circuit.spring.boot.resilience4j;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MIGRATING.md's property table and the binding come from one source: every property of
 * {@link Resilience4jProperties.Instance}, described by its field's Javadoc, and nothing else.
 */
class MigrationGuideTest {

    private static final Pattern FIELD = Pattern.compile("/\\*\\* (.*?) \\*/\\s+private @Nullable [\\w<>]+ (\\w+);");
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| (.*) \\|$", Pattern.MULTILINE);

    @Test
    void theGuideListsEveryPropertyWithItsDescription() throws IOException {
        String source = Files.readString(Path.of("../circuit-spring-boot-common/src/main/java/dev/circuit/spring/boot/"
            + "resilience4j/Resilience4jProperties.java"), StandardCharsets.UTF_8);
        Map<String, String> properties = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(source.substring(source.indexOf("public static class Instance")));
        while (field.find()) {
            properties.put(field.group(2), field.group(1));
        }
        String guide = Files.readString(Path.of("../MIGRATING.md"), StandardCharsets.UTF_8);
        String table = guide.substring(guide.indexOf("| property | in circuit |"), guide.indexOf("## What you watch"));
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            rows.put(row.group(1), row.group(2));
        }
        assertThat(properties).hasSizeGreaterThan(25);
        assertThat(rows).isEqualTo(properties);
        assertThat(java.util.Arrays.stream(Resilience4jProperties.Instance.class.getDeclaredFields())
            .map(java.lang.reflect.Field::getName)).containsExactlyInAnyOrderElementsOf(properties.keySet());
    }
}
