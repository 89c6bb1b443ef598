package dev.circuit.sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients keep posting orders, each with its own Idempotency-Key, while a real PostgreSQL is stopped
 * ({@code pg_ctl stop -m fast}, commits in flight included) and started again. Afterwards every answer is
 * checked against the database: a 201 or 200 order exists, a 503 "stored: no" does not, a 503 "stored:
 * unknown" may; nothing is stored twice. The log holds one line per failed request and at most one stack
 * trace for the outage.
 */
@SampleApplicationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
    "circuit.breakers.database.failure-threshold=3",
    "circuit.breakers.database.recovery-timeout=1s",
})
class PostgresOutageTest extends PostgresSampleTest {

    private static final int CLIENTS = 8;

    @Autowired
    JdbcTemplate jdbc;

    private final RestClient http = RestClient.builder()
        .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();

    private ResponseEntity<String> post(String key) {
        return http.post().uri("http://127.0.0.1:" + port + "/orders").contentType(MediaType.APPLICATION_JSON)
            .header("Idempotency-Key", key).body("{\"item\": \"" + key + "\", \"quantity\": 1}")
            .retrieve().toEntity(String.class);
    }

    @Test
    void theApiNeverLiesAboutAWriteAndTheLogStaysReadable(CapturedOutput output) throws Exception {
        assertThat(post("before-the-outage").getStatusCode().value()).isEqualTo(201);
        int logStart = output.length();

        Map<String, String> answers = new ConcurrentHashMap<>(); // key -> what the client was told
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failedRequests = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            work.add(clients.submit(() -> {
                for (int i = 0; running.get() && i < 2_000; i++) {
                    String key = "client-" + client + "-order-" + i;
                    ResponseEntity<String> answer = post(key);
                    int status = answer.getStatusCode().value();
                    String body = String.valueOf(answer.getBody());
                    if (status == 503) {
                        assertThat(answer.getHeaders().getFirst("Retry-After")).as(body).isNotNull();
                        answers.put(key, body.contains("\"stored\":\"unknown\"") ? "unknown" : "no");
                        if (!body.contains("is unavailable")) {
                            failedRequests.incrementAndGet(); // reached the database and failed (not rejected)
                        }
                    } else {
                        assertThat(status).as(body).isEqualTo(201);
                        answers.put(key, "stored");
                    }
                }
                return null;
            }));
        }
        Thread.sleep(500);
        postgres.stop();
        Thread.sleep(3_000);
        postgres.restart();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> post("after-the-outage-" + System.nanoTime()).getStatusCode().value() == 201);
        running.set(false);
        for (Future<?> client : work) {
            client.get(60, TimeUnit.SECONDS);
        }
        clients.shutdownNow();

        assertThat(answers.values()).contains("stored", "no");
        answers.forEach((key, told) -> {
            long stored = jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE item = ?", Long.class, key);
            switch (told) {
                case "stored" -> assertThat(stored).as(key + " was acknowledged").isEqualTo(1);
                case "no" -> assertThat(stored).as(key + " was answered 'nothing was stored'").isZero();
                default -> assertThat(stored).as(key + " has an unknown outcome").isLessThanOrEqualTo(1);
            }
        });

        String log = output.toString().substring(logStart);
        assertThat(stackTraces(log)).as("stack traces in the outage's log:%n%s", log).isLessThanOrEqualTo(1);
        long apiLines = log.lines().filter(line -> line.contains("POST /orders: the database failed")).count();
        assertThat(apiLines).isEqualTo(failedRequests.get());
        assertThat(log.lines().filter(line -> line.contains("marked as broken"))).isEmpty();
    }

    /** Counts the stack traces in a log: runs of frames, with their causes and suppressed exceptions. */
    static long stackTraces(String log) {
        long traces = 0;
        boolean inTrace = false;
        for (String line : log.lines().toList()) {
            String trimmed = line.strip();
            boolean frame = line.startsWith("\t") && (trimmed.startsWith("at ") || trimmed.startsWith("... ")
                || trimmed.startsWith("Caused by:") || trimmed.startsWith("Suppressed:")) || line.startsWith("Caused by:");
            if (frame && !inTrace) {
                traces++;
            }
            inTrace = frame;
        }
        return traces;
    }
}
