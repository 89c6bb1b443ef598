package dev.circuit.sample;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample's status page in a real headless Chromium (Debian's chromium and chromium-driver, installed
 * by .ci/run), for the browser tests. Outside CI a test is skipped when Chromium or its driver is not
 * installed, saying which. The page redraws every second, so every look finds its elements again.
 */
final class StatusPage implements AutoCloseable {

    static final String RED = "rgba(208, 52, 44, 1)";
    static final String GREEN = "rgba(46, 157, 79, 1)";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver browser;

    /** Opens the page of the sample on that port. */
    StatusPage(int port) throws IOException {
        String missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(path -> !Files.isExecutable(path))
            .map(Path::toString).collect(Collectors.joining(" and "));
        if (!"true".equals(System.getenv("CI"))) {
            assumeTrue(missing.isEmpty(), missing + " missing (Debian's chromium and chromium-driver; .ci/run installs them)");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        browser = new ChromeDriver(options);
        browser.get("http://127.0.0.1:" + port + "/");
    }

    WebDriver browser() {
        return browser;
    }

    WebElement card(String breaker) {
        return browser.findElement(By.id("breaker-" + breaker));
    }

    /** Waits until a breaker's card satisfies a condition. */
    void waitFor(String breaker, Predicate<WebElement> condition, Duration atMost) {
        new WebDriverWait(browser, atMost).ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement card = driver.findElements(By.id("breaker-" + breaker)).stream().findFirst().orElse(null);
            return card != null && condition.test(card);
        });
    }

    /** Waits for a card in a state and colour. */
    void waitForCard(String breaker, String state, String colour) {
        waitFor(breaker, card -> state.equals(card.getDomAttribute("data-state"))
            && colour.equals(card.getCssValue("border-top-color")), Duration.ofSeconds(20));
    }

    /** Clicks a card's button. */
    void click(String breaker, String label) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(driver -> {
            card(breaker).findElements(By.tagName("button")).stream().filter(button -> button.getText().equals(label))
                .findFirst().orElseThrow(() -> new AssertionError("no button " + label)).click();
            return true;
        });
    }

    void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.copy(shot, Path.of("target", "screenshots", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
