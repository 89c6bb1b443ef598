package dev.circuit.sample;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page in the cluster profile, against a real redis-server on loopback (Debian's, installed by
 * .ci/run): each card shows the fleet view, which replica holds the breaker in which state; another
 * replica's entry (written into the fleet's hash as that replica would) appears beside this one.
 */
@ActiveProfiles({"demo", "cluster"})
@SampleApplicationTest
@DirtiesContext // its Redis is gone after the class: a cached application would keep reconnecting into later logs
@TestPropertySource(properties = {
    "sample.demo.traffic-interval=100ms",
    "circuit.breakers.database.failure-threshold=3",
    "circuit.breakers.database.recovery-timeout=1h"
})
class StatusPageFleetBrowserTest extends BrowserTest {

    static int port;
    private static Process redis;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        port = SampleTestProperties.register(registry, "fleet-browser");
        int redisPort = SampleTestProperties.freePort();
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", Files.createTempDirectory("redis").toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int attempt = 0; ; attempt++) {
            try (Socket ready = new Socket(InetAddress.getLoopbackAddress(), redisPort)) {
                break;
            } catch (IOException notYet) {
                if (attempt == 200) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> redisPort);
        registry.add("circuit.cluster.namespace", () -> "orders-browser");
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.destroy();
        }
    }

    @Autowired
    RedisConnectionFactory connections;

    @Override
    int port() {
        return port;
    }

    private List<String> fleet(WebElement card) {
        return card.findElements(By.cssSelector(".fleet li")).stream().map(WebElement::getText).toList();
    }

    @Test
    void eachCardShowsWhichReplicaHoldsItsBreakerInWhichState() throws IOException {
        page.waitFor("database", card -> fleet(card).stream().anyMatch(line -> line.matches("\\w{8} \\(this one\\): CLOSED since .*")),
            Duration.ofSeconds(20));
        assertThat(page.card("database").findElement(By.cssSelector(".fleet h3")).getText()).isEqualTo("fleet orders-browser");

        // another replica of the fleet, as it writes its entry once a second
        new StringRedisTemplate(connections).opsForHash().put("circuit:orders-browser:instances", "feedbeef",
            System.currentTimeMillis() + 60_000 + " {\"database\":{\"state\":\"OPEN\",\"since\":\"2026-12-01T12:00:00Z\"}}");
        page.click("database", "Break it");
        page.waitForCard("database", "OPEN", StatusPage.RED);
        page.waitFor("database", card -> fleet(card).size() == 2
            && fleet(card).stream().anyMatch(line -> line.startsWith("feedbeef: OPEN since "))
            && fleet(card).stream().anyMatch(line -> line.matches("\\w{8} \\(this one\\): OPEN since .*")), Duration.ofSeconds(10));
        page.screenshot("fleet-view");
        page.click("database", "Heal it");
        page.click("database", "Reset");
        page.waitForCard("database", "CLOSED", StatusPage.GREEN);
    }
}
