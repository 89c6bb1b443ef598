package dev.circuit.sample;

import com.zaxxer.hikari.HikariDataSource;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients keep posting orders while every process of a real PostgreSQL is stopped with {@code SIGSTOP}, as on a
 * machine that hangs: connections stay open and nothing answers. Half the clients wait for their answers, half
 * give up after 1.5 s and retry with the same {@code Idempotency-Key}, as impatient clients do. During the
 * freeze no request thread and no scheduler thread (the outbox relay) waits for the database longer than the
 * sample's limits allow, and {@code /actuator/health} answers; after {@code SIGCONT} every acknowledged order is
 * stored exactly once, and no order is stored whose client was told {@code "stored": "no"}.
 */
@SampleApplicationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {
    "circuit.breakers.database.recovery-timeout=1s",
    "sample.kafka.relay-interval=200ms", // the outbox relay reads the database all along
})
class PostgresFreezeTest extends PostgresSampleTest {

    /**
     * The longest a thread may wait for the database: 2 s for a connection (the pool's connection-timeout), then
     * 3 s for an answer on it (the driver's socketTimeout), and 1 s for a busy machine.
     */
    private static final Duration LIMIT = Duration.ofSeconds(6);

    private static final Duration FREEZE = Duration.ofSeconds(10);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    DataSource dataSource;

    private static RestClient http(Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory();
        requests.setReadTimeout(readTimeout);
        return RestClient.builder().requestFactory(requests)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    private static ResponseEntity<String> post(RestClient http, String key) {
        return http.post().uri("http://127.0.0.1:" + port + "/orders").contentType(MediaType.APPLICATION_JSON)
            .header("Idempotency-Key", key).body("{\"item\": \"" + key + "\", \"quantity\": 1}")
            .retrieve().toEntity(String.class);
    }

    @Test
    void noThreadWaitsPastTheLimitsAndNoClientToldNoFindsItsOrderStored(CapturedOutput output) throws Exception {
        assertThat(post(http(Duration.ofSeconds(5)), "before-the-freeze").getStatusCode().value()).isEqualTo(201);
        try (Traffic traffic = new Traffic(8, 8); DatabaseWaits waits = new DatabaseWaits()) {
            Thread.sleep(1_000);
            int logStart = output.length();
            postgres.freeze();
            try {
                Thread.sleep(FREEZE.toMillis());
                assertThat(breakers.breaker("database").state()).as("the database breaker at the end of the freeze")
                    .isNotEqualTo(CircuitState.CLOSED);
            } finally {
                postgres.thaw();
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                post(http(Duration.ofSeconds(5)), "after-the-freeze-" + System.nanoTime()).getStatusCode().value() == 201);
            traffic.finish();
            waits.close();

            System.out.printf("Freeze of %s: longest wait of a patient client %d ms, of a thread in the database %d ms (%s),"
                    + " health polls %s; answers %s%n", FREEZE, traffic.longestPatientWait.get(), waits.longest.get(),
                waits.longestThread, traffic.health, traffic.tally());
            assertThat(waits.longest.get()).as("longest continuous wait of a thread in the database (ms), %s",
                waits.longestThread).isLessThanOrEqualTo(LIMIT.toMillis());
            assertThat(traffic.longestPatientWait.get()).as("longest answer to a patient client (ms)")
                .isLessThanOrEqualTo(LIMIT.toMillis());
            assertThat(traffic.health).as("every health poll answered, in time").isNotEmpty()
                .allSatisfy(poll -> assertThat(poll).doesNotContain("no answer"));
            assertThat(traffic.health).anySatisfy(poll -> assertThat(poll).startsWith("503"));
            assertThat(traffic.tally()).containsKeys("201", "409", "no");

            Map<String, Long> stored = new ConcurrentHashMap<>();
            jdbc.query("SELECT item, COUNT(*) AS n FROM orders GROUP BY item",
                (ResultSet rs) -> { stored.put(rs.getString("item"), rs.getLong("n")); });
            assertThat(traffic.told).isNotEmpty().allSatisfy((key, told) -> {
                long count = stored.getOrDefault(key, 0L);
                switch (told) {
                    case "stored" -> assertThat(count).as(key + " was acknowledged").isEqualTo(1);
                    case "no" -> assertThat(count).as(key + " was answered 'stored: no'").isZero();
                    default -> assertThat(count).as(key + " ended " + told).isLessThanOrEqualTo(1);
                }
            });

            String log = output.toString().substring(logStart);
            assertThat(log.lines().filter(line -> line.contains("Database health check"))).as(log).satisfiesExactly(
                down -> assertThat(down).contains("DOWN"), up -> assertThat(up).contains("UP again"));
            assertThat(log).doesNotContain("DataSourceHealthIndicator", "marked as broken");
            assertThat(PostgresOutageTest.stackTraces(log)).as("stack traces: the orders API's and the health check's")
                .isLessThanOrEqualTo(2);
        }
    }

    /**
     * With Spring Boot's default pool (30 s to wait for a connection) request threads pile up waiting for a
     * connection and nothing fails for 30 s; the {@code database} breaker's {@code max-concurrent-calls: 8}
     * (application.yml) turns the excess away at once and opens the circuit within about 2 s.
     */
    @Test
    void withBootsDefaultPoolTheDatabaseBreakerOpensWithinTwoSeconds() throws Exception {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        long sampleTimeout = pool.getConnectionTimeout();
        pool.getHikariConfigMXBean().setConnectionTimeout(30_000); // Spring Boot's default
        try (Traffic traffic = new Traffic(16, 0)) {
            Thread.sleep(1_000);
            postgres.freeze();
            long frozenAt = System.nanoTime();
            try {
                await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> breakers.breaker("database").state() == CircuitState.OPEN);
                assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isLessThanOrEqualTo(Duration.ofMillis(2_500));

                long start = System.nanoTime();
                ResponseEntity<String> rejected = post(http(Duration.ofSeconds(5)), "while-open");
                assertThat(rejected.getStatusCode().value()).isEqualTo(503);
                assertThat(rejected.getBody()).contains("\"stored\":\"no\"");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
                Thread.sleep(3_000);
            } finally {
                postgres.thaw();
            }
            traffic.finish();
            assertThat(traffic.health).isNotEmpty().allSatisfy(poll -> assertThat(poll).doesNotContain("no answer"));
            assertThat(traffic.longestPatientWait.get()).isLessThanOrEqualTo(LIMIT.toMillis());
        } finally {
            pool.getHikariConfigMXBean().setConnectionTimeout(sampleTimeout);
        }
    }

    /**
     * Clients posting orders, each order with its own key, and a poller of {@code /actuator/health}. A client
     * retries an order with the same key after a 409, a 503 "stored: unknown" or no answer, and stops at 201,
     * 200 or a 503 "stored: no", which it takes at its word.
     */
    private static final class Traffic implements AutoCloseable {

        /** Each key, and what its client was told last. */
        final Map<String, String> told = new ConcurrentHashMap<>();
        /** Each health poll: its status and how long it took. */
        final ConcurrentLinkedQueue<String> health = new ConcurrentLinkedQueue<>();
        /** The longest a client that waits for its answers waited for one, in milliseconds. */
        final AtomicLong longestPatientWait = new AtomicLong();
        /** How many answers of each kind ("201", "409", "no", "unknown", "timeout", ...). */
        private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads;
        private final List<Future<?>> work = new ArrayList<>();

        Traffic(int patient, int impatient) {
            threads = Executors.newFixedThreadPool(patient + impatient + 1);
            for (int c = 0; c < patient + impatient; c++) {
                boolean isPatient = c < patient;
                String name = (isPatient ? "patient-" : "impatient-") + c;
                RestClient http = http(isPatient ? Duration.ofSeconds(15) : Duration.ofMillis(1_500));
                work.add(threads.submit(() -> {
                    for (int order = 0; running.get(); order++) {
                        placeOrder(http, name + "-order-" + order, isPatient);
                    }
                    return null;
                }));
            }
            RestClient poller = http(Duration.ofSeconds(15));
            work.add(threads.submit(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        int status = poller.get().uri("http://127.0.0.1:" + port + "/actuator/health").retrieve()
                            .toBodilessEntity().getStatusCode().value();
                        long millis = (System.nanoTime() - start) / 1_000_000;
                        health.add(millis <= LIMIT.toMillis() ? status + " in " + millis + " ms"
                            : status + " after " + millis + " ms: no answer in time");
                    } catch (ResourceAccessException noAnswer) {
                        health.add("no answer: " + noAnswer.getMessage());
                    }
                    Thread.sleep(300);
                }
                return null;
            }));
        }

        private void placeOrder(RestClient http, String key, boolean patient) throws InterruptedException {
            long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < giveUp) {
                long start = System.nanoTime();
                String answer;
                try {
                    ResponseEntity<String> response = post(http, key);
                    int status = response.getStatusCode().value();
                    String body = String.valueOf(response.getBody());
                    answer = status == 503 ? (body.contains("\"stored\":\"no\"") ? "no" : "unknown") : String.valueOf(status);
                } catch (ResourceAccessException noAnswer) {
                    answer = "timeout";
                }
                if (patient) {
                    longestPatientWait.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                }
                answers.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
                told.put(key, answer);
                switch (answer) {
                    case "201", "200" -> {
                        told.put(key, "stored");
                        return;
                    }
                    case "no" -> {
                        Thread.sleep(100);
                        return;
                    }
                    case "409", "unknown" -> Thread.sleep(200);
                    case "timeout" -> { }
                    default -> throw new AssertionError(key + " was answered " + answer);
                }
            }
        }

        /** Stops the traffic: each client finishes the order it is placing. */
        void finish() throws Exception {
            running.set(false);
            for (Future<?> done : work) {
                done.get(90, TimeUnit.SECONDS);
            }
        }

        /** @return how many answers of each kind the clients got */
        Map<String, Integer> tally() {
            Map<String, Integer> tally = new TreeMap<>();
            answers.forEach((answer, count) -> tally.put(answer, count.get()));
            return tally;
        }

        @Override
        public void close() {
            running.set(false);
            threads.shutdownNow();
        }
    }

    /**
     * Samples the application's request threads and scheduler threads every 20 ms, and keeps the longest time
     * one of them spent without a break in the connection pool or the PostgreSQL driver.
     */
    private static final class DatabaseWaits implements AutoCloseable {

        /** The longest wait seen, in milliseconds. */
        final AtomicLong longest = new AtomicLong();
        /** The thread that waited longest. */
        volatile String longestThread = "none";

        private final Map<Thread, Long> since = new ConcurrentHashMap<>();
        private final Thread sampler = new Thread(this::sample, "database-waits");

        DatabaseWaits() {
            sampler.setDaemon(true);
            sampler.start();
        }

        private void sample() {
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                Thread.getAllStackTraces().forEach((thread, frames) -> {
                    String name = thread.getName();
                    if (!name.startsWith("http-nio-") && !name.startsWith("scheduling-")) {
                        return;
                    }
                    boolean inDatabase = Arrays.stream(frames).anyMatch(frame ->
                        frame.getClassName().startsWith("org.postgresql.") || frame.getClassName().startsWith("com.zaxxer.hikari."));
                    if (!inDatabase) {
                        since.remove(thread);
                        return;
                    }
                    long millis = (now - since.computeIfAbsent(thread, t -> now)) / 1_000_000;
                    if (millis > longest.get()) {
                        longest.set(millis);
                        longestThread = name;
                    }
                });
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            sampler.interrupt();
            sampler.join();
        }
    }
}
