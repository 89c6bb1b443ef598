package dev.circuit.spring;

import org.junit.jupiter.api.Test;
import org.springframework.core.SpringVersion;

import static org.assertj.core.api.Assertions.assertThat;

/** The module's tests run twice, on each Spring Framework line it supports: this says which one runs. */
class FrameworkLineTest {

    @Test
    void theTestsRunOnTheFrameworkLineTheBuildAskedFor() {
        String line = System.getProperty("circuit.test.framework-line");
        assertThat(line).as("set by the build for each test execution").isNotBlank();
        assertThat(SpringVersion.getVersion()).startsWith(line + ".");
    }
}
