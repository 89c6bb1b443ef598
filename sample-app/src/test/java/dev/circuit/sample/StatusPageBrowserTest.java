package dev.circuit.sample;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in a real headless Chromium ({@link StatusPage}): break the database, see its card turn
 * red, heal and reset it, see it turn green, and its timeline of the last minutes show a red band followed
 * by a green one.
 */
@ActiveProfiles("demo")
@SampleApplicationTest
@TestPropertySource(properties = {
    "sample.demo.traffic-interval=100ms",
    "circuit.breakers.database.failure-threshold=3",
    "circuit.breakers.database.recovery-timeout=1h"
})
class StatusPageBrowserTest extends BrowserTest {

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "browser");
    }

    @Override
    int port() {
        return port;
    }

    private WebElement card(String breaker) {
        return page.card(breaker);
    }

    @Test
    void aBrokenDependencyTurnsItsCardRedAndAResetTurnsItGreen() throws IOException {
        page.waitForCard("database", "CLOSED", StatusPage.GREEN);
        assertThat(page.browser().findElements(By.cssSelector("section.card"))).hasSizeGreaterThanOrEqualTo(5);
        assertThat(card("database").findElements(By.cssSelector(".fleet"))).isEmpty(); // no fleet mode here

        page.click("database", "Break it");
        page.waitForCard("database", "OPEN", StatusPage.RED);
        page.waitFor("database", card -> card.getText().contains("CLOSED → OPEN: 3 consecutive failures"), Duration.ofSeconds(5));
        page.screenshot("database-open");

        page.click("database", "Heal it");
        page.click("database", "Reset");
        page.waitForCard("database", "CLOSED", StatusPage.GREEN);
        page.waitFor("database", card -> timeline("database").matches(".*OPEN,CLOSED$"), Duration.ofSeconds(10));
        assertThat(card("database").findElements(By.cssSelector("svg.rates rect"))).isNotEmpty();
        page.screenshot("database-closed");
    }

    /** The states of a card's timeline bands, oldest first, such as {@code CLOSED,OPEN,CLOSED}. */
    private String timeline(String breaker) {
        return card(breaker).findElements(By.cssSelector("svg.timeline rect")).stream()
            .map(band -> band.getDomAttribute("data-state") + ":" + band.getDomAttribute("fill"))
            .map(band -> {
                String[] parts = band.split(":");
                assertThat(parts[1]).isEqualTo(parts[0].equals("OPEN") ? "#d0342c" : parts[0].equals("CLOSED") ? "#2e9d4f" : parts[1]);
                return parts[0];
            })
            .collect(Collectors.joining(","));
    }
}
