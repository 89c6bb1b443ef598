package dev.circuit.sample;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every {@code curl} command the sample's page ({@code docs/sample.md}) gives for {@code localhost:8080} runs as written, in its
 * order, against the started sample in its demo profile (the quick start's): it reaches the sample and
 * answers no HTTP error ({@code curl --fail-with-body}; a pipe's failure fails too). Only the host is
 * changed, to the test's port. The operator's command needs the profile without demo and is left out.
 */
@SampleApplicationTest
@ActiveProfiles("demo")
class ReadmeCommandsTest {

    private static final Pattern INLINE = Pattern.compile("`(curl [^`]+)`");

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "readme");
    }

    /** @return the page's curl commands for port 8080, in order: code-block lines and inline code */
    static List<String> commands() throws IOException {
        List<String> commands = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("../docs/sample.md"), StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("curl ")) {
                commands.add(trimmed);
            }
            Matcher inline = INLINE.matcher(line);
            while (inline.find()) {
                commands.add(inline.group(1));
            }
        }
        return commands.stream().filter(command -> command.contains("localhost:8080"))
            .filter(command -> !command.contains("-u operator")).toList();
    }

    @Test
    void everyCurlCommandInTheReadmeRunsAsWritten() throws Exception {
        assumeTrue(new ProcessBuilder("curl", "--version").start().waitFor() == 0, "curl is not installed");
        List<String> commands = commands();
        assertThat(commands).hasSizeGreaterThan(10);
        for (String command : commands) {
            String local = command.replace("localhost:8080", "127.0.0.1:" + port);
            Process shell = new ProcessBuilder("bash", "-c",
                "set -o pipefail; curl() { command curl -sS --fail-with-body --max-time 10 \"$@\"; }; " + local)
                .redirectErrorStream(true).start();
            assertThat(shell.waitFor(30, TimeUnit.SECONDS)).as(command).isTrue();
            String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(shell.exitValue()).as("%s%nanswered:%n%s", command, output).isZero();
        }
    }
}
