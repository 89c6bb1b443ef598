package dev.circuit.spring.alert;

import com.sun.net.httpserver.HttpServer;
import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The alerter against a real HTTP server on loopback. */
class WebhookAlerterTest {

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile boolean hang;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (hang) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void postsASlackMessageWhenACircuitOpensAndWhenItRecovers() {
        WebhookAlerter alerter = new WebhookAlerter(url(), Duration.ofSeconds(2));
        CircuitBreaker breaker = CircuitBreaker.of("kafka", CircuitBreakerConfig.builder().failureThreshold(1).build());
        breaker.addListener(alerter);

        breaker.recordFailure(new IOException("broker \"down\""));
        breaker.transitionTo(dev.circuit.core.CircuitState.HALF_OPEN);
        breaker.recordSuccess();

        await().atMost(Duration.ofSeconds(5)).until(() -> alerter.sentCount() == 2);
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).startsWith("{\"text\":\":red_circle: Circuit 'kafka' is OPEN: 1 consecutive failure; next attempt at ")
            .endsWith("\"}");
        assertThat(bodies.get(1)).isEqualTo(
            "{\"text\":\":large_green_circle: Circuit 'kafka' recovered (HALF_OPEN -> CLOSED): 1 successful probe\"}");
        assertThat(alerter.failedCount()).isZero();
    }

    @Test
    void aFailingOrHangingWebhookNeverBlocksTheCallAndIsCounted() {
        hang = true;
        WebhookAlerter alerter = new WebhookAlerter(url(), Duration.ofSeconds(2));
        CircuitBreaker breaker = CircuitBreaker.of("db", CircuitBreakerConfig.builder().failureThreshold(1).build());
        breaker.addListener(alerter);

        long start = System.nanoTime();
        breaker.recordFailure(new IOException("down")); // the alert hangs on the server until it times out
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> alerter.failedCount() == 1);

        hang = false;
        status = 500;
        breaker.reset();
        await().atMost(Duration.ofSeconds(5)).until(() -> alerter.failedCount() == 2);
        assertThat(alerter.sentCount()).isZero();
        assertThat(breaker.listenerErrors()).isZero();
    }

    @Test
    void anUnreachableWebhookIsCounted() throws IOException {
        server.stop(0);
        WebhookAlerter alerter = new WebhookAlerter(url(), Duration.ofSeconds(1));
        CircuitBreaker breaker = CircuitBreaker.of("db", CircuitBreakerConfig.builder().failureThreshold(1).build());
        breaker.addListener(alerter);
        breaker.recordFailure(new IOException("down"));
        await().atMost(Duration.ofSeconds(5)).until(() -> alerter.failedCount() == 1);
    }

    @Test
    void escapesJson() {
        assertThat(WebhookAlerter.escape("a\"b\\c\nd\u0001")).isEqualTo("a\\\"b\\\\c\\nd\\u0001");
    }
}
