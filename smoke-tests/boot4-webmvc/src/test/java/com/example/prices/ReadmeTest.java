package com.example.prices;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Your first application" is this application, verbatim. A code block right after a line
 * {@code <!-- smoke-tests/boot4-webmvc/<path> -->} must equal that file; a block after
 * {@code <!-- smoke-tests/boot4-webmvc/<path> (excerpt) -->} must be made of the file's lines, in the file's
 * order (indentation aside). Runs with this application's folder as working directory.
 */
class ReadmeTest {

    private static final Path README = Path.of("../../README.md");
    private static final String APP = "smoke-tests/boot4-webmvc/";
    private static final Pattern MARKER = Pattern.compile("^<!-- " + Pattern.quote(APP) + "(\\S+?)( \\(excerpt\\))? -->$");

    /** A marked block: the file it copies, whether it is an excerpt, its line in the README, its text. */
    private record Block(String path, boolean excerpt, int line, String text) {
    }

    @Test
    void theReadmesFirstApplicationIsThisApplication() throws IOException {
        List<Block> blocks = blocks(Files.readAllLines(README, StandardCharsets.UTF_8));

        assertThat(blocks.stream().filter(block -> !block.excerpt()))
            .as("blocks marked <!-- %s<path> --> in %s", APP, README).hasSizeGreaterThanOrEqualTo(4);
        for (Block block : blocks) {
            Path file = Path.of(block.path());
            assertThat(file).as("README.md line %d names %s%s, which does not exist", block.line(), APP, block.path())
                .isRegularFile();
            String content = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (block.excerpt()) {
                assertThat(missingFrom(content, block.text()))
                    .as("README.md line %d: lines of the excerpt that %s%s does not have (in that order)",
                        block.line(), APP, block.path())
                    .isEmpty();
            } else {
                assertThat(withoutTrailingNewlines(block.text()))
                    .as("README.md line %d must equal %s%s; copy the file into the README again", block.line(), APP,
                        block.path())
                    .isEqualTo(withoutTrailingNewlines(content));
            }
        }
    }

    /** Every marked block: the marker line, then at once an opening fence, the text, a closing fence. */
    private static List<Block> blocks(List<String> readme) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            Matcher marker = MARKER.matcher(readme.get(i).strip());
            if (!marker.matches()) {
                continue;
            }
            int fence = i + 1;
            assertThat(fence < readme.size() && readme.get(fence).startsWith("```"))
                .as("README.md line %d: the marker must be followed at once by an opening ``` fence", i + 1).isTrue();
            List<String> text = new ArrayList<>();
            int end = fence + 1;
            while (end < readme.size() && !readme.get(end).startsWith("```")) {
                text.add(readme.get(end));
                end++;
            }
            assertThat(end).as("README.md line %d: the code block is not closed", fence + 1).isLessThan(readme.size());
            blocks.add(new Block(marker.group(1), marker.group(2) != null, i + 1, String.join("\n", text)));
            i = end;
        }
        return blocks;
    }

    /** The excerpt's non-blank lines (stripped) that are not found, in order, among the file's. */
    private static List<String> missingFrom(String file, String excerpt) {
        List<String> lines = file.lines().map(String::strip).toList();
        List<String> missing = new ArrayList<>();
        int at = 0;
        for (String wanted : excerpt.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) {
            int found = lines.subList(at, lines.size()).indexOf(wanted);
            if (found < 0) {
                missing.add(wanted);
            } else {
                at += found + 1;
            }
        }
        return missing;
    }

    private static String withoutTrailingNewlines(String text) {
        return text.replaceAll("\\n+\\z", "");
    }
}
