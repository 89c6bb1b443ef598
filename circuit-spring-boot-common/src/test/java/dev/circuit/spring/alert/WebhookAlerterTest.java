package dev.circuit.spring.alert;

import com.sun.net.httpserver.HttpServer;
import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

    private WebhookAlerter alerter(Duration timeout) {
        return new WebhookAlerter(url(), timeout, Duration.ofHours(1), InstantSource.system());
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void postsASlackMessageWhenACircuitOpensAndWhenItRecovers() {
        WebhookAlerter alerter = alerter(Duration.ofSeconds(2));
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
        WebhookAlerter alerter = alerter(Duration.ofSeconds(2));
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
        assertThat(breaker.metrics().listenerErrors()).isZero();
    }

    @Test
    void anUnreachableWebhookIsCounted() throws IOException {
        server.stop(0);
        WebhookAlerter alerter = alerter(Duration.ofSeconds(1));
        CircuitBreaker breaker = CircuitBreaker.of("db", CircuitBreakerConfig.builder().failureThreshold(1).build());
        breaker.addListener(alerter);
        breaker.recordFailure(new IOException("down"));
        await().atMost(Duration.ofSeconds(5)).until(() -> alerter.failedCount() == 1);
    }

    @Test
    void theMessageIsJsonWhateverTheReasonSays() {
        WebhookAlerter alerter = alerter(Duration.ofSeconds(2));
        CircuitBreaker breaker = CircuitBreaker.of("kafka", CircuitBreakerConfig.builder().failureThreshold(1).build());
        breaker.addListener(alerter);
        breaker.recordFailure(new IOException("a\"b\\c\nd\u0001"));

        await().atMost(Duration.ofSeconds(5)).until(() -> alerter.sentCount() == 1);
        assertThat(JsonParserFactory.getJsonParser().parseMap(bodies.get(0)).get("text")).asString()
            .startsWith(":red_circle: Circuit 'kafka' is OPEN: 1 consecutive failure");
    }

    @Test
    void oneAlertPerOutageWithRemindersCountingFailedRecoveries() {
        AtomicLong nanos = new AtomicLong();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        InstantSource clock = () -> start.plusNanos(nanos.get());
        WebhookAlerter alerter = new WebhookAlerter(url(), Duration.ofSeconds(2), Duration.ofMinutes(10), clock);
        CircuitBreaker breaker = CircuitBreaker.of("database", CircuitBreakerConfig.builder().failureThreshold(1)
            .recoveryTimeout(Duration.ofMinutes(1)).ticker(nanos::get).instantSource(clock).build());
        breaker.addListener(alerter);

        breaker.recordFailure(new IOException("down"));
        for (int probe = 1; probe <= 12; probe++) { // a failed probe every minute for 12 minutes
            nanos.addAndGet(Duration.ofMinutes(1).toNanos());
            assertThat(breaker.tryAcquirePermission()).isTrue();
            breaker.onError(0, new IOException("still down"));
        }
        breaker.forceOpen();
        breaker.forceOpen();
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        breaker.reset();

        await().atMost(Duration.ofSeconds(5)).until(() -> alerter.sentCount() == 3);
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(0)).contains("Circuit 'database' is OPEN: 1 consecutive failure");
        assertThat(bodies.get(1)).contains("Circuit 'database' is still open after 10 failed recoveries: probe failed");
        assertThat(bodies.get(2)).contains("Circuit 'database' recovered (FORCED_OPEN -> CLOSED after 12 failed recoveries)");
    }

    @Test
    void aZeroRepeatIntervalSendsNoReminders() {
        AtomicLong nanos = new AtomicLong();
        WebhookAlerter alerter = new WebhookAlerter(url(), Duration.ofSeconds(2), Duration.ZERO, InstantSource.system());
        CircuitBreaker breaker = CircuitBreaker.of("database", CircuitBreakerConfig.builder().failureThreshold(1)
            .recoveryTimeout(Duration.ofDays(1)).ticker(nanos::get).build());
        breaker.addListener(alerter);
        breaker.recordFailure(new IOException("down"));
        for (int probe = 0; probe < 5; probe++) {
            nanos.addAndGet(Duration.ofDays(1).toNanos());
            breaker.tryAcquirePermission();
            breaker.onError(0, new IOException("still down"));
        }
        breaker.reset();
        await().atMost(Duration.ofSeconds(5)).until(() -> alerter.sentCount() == 2);
        assertThat(bodies.get(1)).contains("recovered (OPEN -> CLOSED after 5 failed recoveries)");
    }
}
