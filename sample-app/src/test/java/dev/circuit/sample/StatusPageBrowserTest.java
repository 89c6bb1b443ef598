package dev.circuit.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real headless Chromium (Debian's chromium and chromium-driver, installed by
 * .ci/run): break the database, see its card turn red, heal and reset it, see it turn green, and its
 * timeline of the last minutes show a red band followed by a green one. Outside CI the test is skipped
 * when Chromium or its driver is not installed, saying which.
 */
@ActiveProfiles("demo")
@SampleApplicationTest
@TestPropertySource(properties = {
    "sample.demo.traffic-interval=100ms",
    "circuit.breakers.database.failure-threshold=3",
    "circuit.breakers.database.recovery-timeout=1h"
})
class StatusPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String RED = "rgba(208, 52, 44, 1)";
    private static final String GREEN = "rgba(46, 157, 79, 1)";

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "browser");
    }

    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        String missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(path -> !Files.isExecutable(path))
            .map(Path::toString).collect(Collectors.joining(" and "));
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(missing.isEmpty(), missing + " missing (Debian's chromium and chromium-driver; .ci/run installs them)");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1400,1000", "--user-data-dir=" + profile);
        browser = new ChromeDriver(options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private WebElement card(String breaker) {
        return browser.findElement(By.id("breaker-" + breaker));
    }

    /** Waits for a card in a state and colour; the page redraws every second, so a replaced card is looked up again. */
    private void waitForCard(String breaker, String state, String colour) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement card = driver.findElements(By.id("breaker-" + breaker)).stream().findFirst().orElse(null);
            return card != null && state.equals(card.getDomAttribute("data-state"))
                && colour.equals(card.getCssValue("border-top-color"));
        });
    }

    /** Clicks a card's button; the page redraws every second, so a card replaced mid-click is found again. */
    private void click(String breaker, String label) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(driver -> {
            card(breaker).findElements(By.tagName("button")).stream().filter(button -> button.getText().equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("no button " + label)).click();
            return true;
        });
    }

    private void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(shot, Path.of("target", "screenshots", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aBrokenDependencyTurnsItsCardRedAndAResetTurnsItGreen() throws IOException {
        browser.get("http://127.0.0.1:" + port + "/");
        waitForCard("database", "CLOSED", GREEN);
        assertThat(browser.findElements(By.cssSelector("section.card"))).hasSizeGreaterThanOrEqualTo(5);

        click("database", "Break it");
        waitForCard("database", "OPEN", RED);
        new WebDriverWait(browser, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
            .until(driver -> card("database").getText().contains("CLOSED → OPEN: 3 consecutive failures"));
        screenshot("database-open");

        click("database", "Heal it");
        click("database", "Reset");
        waitForCard("database", "CLOSED", GREEN);
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
            .until(driver -> timeline("database").matches(".*OPEN,CLOSED$"));
        assertThat(card("database").findElements(By.cssSelector("svg.rates rect"))).isNotEmpty();
        screenshot("database-closed");
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
