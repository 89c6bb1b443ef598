package dev.circuit.sample;

import dev.circuit.core.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} on {@code POST /orders}: one order per key, replays, a reused key, expiry, keys
 * sent at once, and the honest 503 of a commit whose outcome is unknown (the commit reaches the database,
 * then the connection dies, as when PostgreSQL is stopped mid-commit).
 */
@SampleApplicationTest
@Import(IdempotencyTest.CommitThenDie.class)
class IdempotencyTest {

    static int port;

    /** When set, a commit goes through and then fails as PostgreSQL's shutdown makes it fail (57P01). */
    static final AtomicBoolean DIE_AFTER_COMMIT = new AtomicBoolean();

    /** When set, a commit waits until it is released, as on a database that hangs. */
    static final AtomicReference<CountDownLatch> HOLD_COMMIT = new AtomicReference<>();

    /** Counted down when a held commit starts waiting. */
    static final CountDownLatch COMMIT_HELD = new CountDownLatch(1);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "idempotency");
    }

    /** Wraps the pool's connections so that a commit can succeed and still throw. */
    @TestConfiguration
    static class CommitThenDie {
        @Bean
        static BeanPostProcessor commitThenDie() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (!(bean instanceof DataSource dataSource)) {
                        return bean;
                    }
                    return new DelegatingDataSource(dataSource) {
                        @Override
                        public Connection getConnection() throws SQLException {
                            Connection connection = super.getConnection();
                            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                                    CountDownLatch hold = HOLD_COMMIT.get();
                                    if (method.getName().equals("commit") && hold != null) {
                                        COMMIT_HELD.countDown();
                                        hold.await(30, TimeUnit.SECONDS);
                                    }
                                    Object result;
                                    try {
                                        result = method.invoke(connection, args);
                                    } catch (java.lang.reflect.InvocationTargetException e) {
                                        throw e.getTargetException();
                                    }
                                    if (method.getName().equals("commit") && DIE_AFTER_COMMIT.get()) {
                                        throw new SQLException("FATAL: terminating connection due to administrator"
                                            + " command", "57P01");
                                    }
                                    return result;
                                });
                        }
                    };
                }
            };
        }
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CircuitBreakerRegistry breakers;

    @AfterEach
    void heal() {
        DIE_AFTER_COMMIT.set(false);
        HOLD_COMMIT.set(null);
        breakers.breaker("database").reset();
    }

    private ResponseEntity<String> post(String key, String body) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build()
            .post().uri("/orders").contentType(MediaType.APPLICATION_JSON)
            .headers(headers -> {
                if (key != null) {
                    headers.set("Idempotency-Key", key);
                }
            })
            .body(body).retrieve().toEntity(String.class);
    }

    private long orders() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class);
    }

    @Test
    void aRetryWithTheSameKeyAnswersTheStoredOrderAndStoresNothing() {
        long before = orders();
        ResponseEntity<String> first = post("order-1", "{\"item\": \"book\", \"quantity\": 2}");
        ResponseEntity<String> again = post("order-1", "{\"item\": \"book\", \"quantity\": 2}");

        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(first.getHeaders().getFirst("Idempotent-Replayed")).isNull();
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(orders()).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE order_id = ?", Long.class,
            id(first))).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherOrderIsRefused() {
        post("order-2", "{\"item\": \"book\", \"quantity\": 2}");
        long before = orders();
        long failures = breakers.breaker("database").snapshot().failures();
        ResponseEntity<String> other = post("order-2", "{\"item\": \"lamp\", \"quantity\": 1}");

        assertThat(other.getStatusCode().value()).isEqualTo(422);
        assertThat(other.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(other.getBody()).contains("order-2", "nothing was stored");
        assertThat(orders()).isEqualTo(before);
        assertThat(breakers.breaker("database").snapshot().failures()).isEqualTo(failures); // a client's mistake
    }

    @Test
    void withoutAKeyEveryPostIsANewOrder() {
        long before = orders();
        post(null, "{\"item\": \"book\", \"quantity\": 2}");
        post(null, "{\"item\": \"book\", \"quantity\": 2}");
        assertThat(orders()).isEqualTo(before + 2);
    }

    @Test
    void anExpiredKeyIsForgotten() {
        ResponseEntity<String> first = post("order-3", "{\"item\": \"book\", \"quantity\": 2}");
        jdbc.update("UPDATE idempotency_keys SET created_at = ? WHERE idem_key = 'order-3'",
            Timestamp.from(Instant.now().minus(25, ChronoUnit.HOURS))); // sample.orders.idempotency-key-ttl is 24h
        ResponseEntity<String> later = post("order-3", "{\"item\": \"book\", \"quantity\": 2}");

        assertThat(later.getStatusCode().value()).isEqualTo(201);
        assertThat(id(later)).isNotEqualTo(id(first));
    }

    @Test
    void aKeyThatIsNotPrintableOrTooLongIsABadRequest() {
        ResponseEntity<String> tooLong = post("k".repeat(201), "{\"item\": \"book\", \"quantity\": 2}");
        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(tooLong.getBody()).contains("Idempotency-Key");
    }

    @Test
    void requestsWithTheSameKeyAtOnceStoreOneOrder() throws Exception {
        long before = orders();
        int clients = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Set<String> locations = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                statuses.add(pool.submit(() -> {
                    go.await();
                    ResponseEntity<String> answer = post("order-4", "{\"item\": \"book\", \"quantity\": 2}");
                    locations.add(String.valueOf(answer.getHeaders().getLocation()));
                    return answer.getStatusCode().value();
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get(30, TimeUnit.SECONDS));
            }
            // a request that arrives while another with its key runs answers 409 and does nothing
            assertThat(codes).allMatch(code -> code == 201 || code == 200 || code == 409).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        locations.remove("null"); // a 409 has no Location
        assertThat(locations).hasSize(1);
        assertThat(orders()).isEqualTo(before + 1);
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownSaysSoAndTheRetryWithTheSameKeyStoresItOnce() {
        long before = orders();
        DIE_AFTER_COMMIT.set(true);
        ResponseEntity<String> unknown = post("order-5", "{\"item\": \"book\", \"quantity\": 2}");
        DIE_AFTER_COMMIT.set(false);

        assertThat(unknown.getStatusCode().value()).isEqualTo(503);
        assertThat(unknown.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(unknown.getHeaders().getFirst("Retry-After")).isNotNull();
        assertThat(unknown.getBody()).contains("\"stored\":\"unknown\"", "may have been stored",
            "Retry with the same Idempotency-Key").doesNotContain("nothing was stored");
        assertThat(orders()).isEqualTo(before + 1); // it was stored after all

        ResponseEntity<String> retry = post("order-5", "{\"item\": \"book\", \"quantity\": 2}");
        assertThat(retry.getStatusCode().value()).isEqualTo(200);
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(orders()).isEqualTo(before + 1);
    }

    @Test
    void aRequestWhoseKeyIsBeingProcessedAnswersConflictAndDoesNothing() throws Exception {
        long before = orders();
        CountDownLatch release = new CountDownLatch(1);
        HOLD_COMMIT.set(release);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<ResponseEntity<String>> first = pool.submit(() -> post("order-7", "{\"item\": \"book\", \"quantity\": 2}"));
            assertThat(COMMIT_HELD.await(10, TimeUnit.SECONDS)).isTrue();
            HOLD_COMMIT.set(null);

            ResponseEntity<String> retry = post("order-7", "{\"item\": \"book\", \"quantity\": 2}");
            assertThat(retry.getStatusCode().value()).isEqualTo(409);
            assertThat(retry.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(retry.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(retry.getBody()).contains("order-7", "is being processed", "nothing was done")
                .doesNotContain("stored");

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).getStatusCode().value()).isEqualTo(201);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        ResponseEntity<String> later = post("order-7", "{\"item\": \"book\", \"quantity\": 2}");
        assertThat(later.getStatusCode().value()).isEqualTo(200);
        assertThat(orders()).isEqualTo(before + 1);
    }

    @Test
    void afterACommitWhoseOutcomeIsUnknownAFailedRetryDoesNotSayNothingWasStored() {
        DIE_AFTER_COMMIT.set(true);
        assertThat(post("order-8", "{\"item\": \"book\", \"quantity\": 2}").getBody()).contains("\"stored\":\"unknown\"");
        DIE_AFTER_COMMIT.set(false);
        breakers.breaker("database").forceOpen();

        ResponseEntity<String> retry = post("order-8", "{\"item\": \"book\", \"quantity\": 2}");
        ResponseEntity<String> otherKey = post("order-9", "{\"item\": \"book\", \"quantity\": 2}");

        assertThat(retry.getStatusCode().value()).isEqualTo(503);
        assertThat(retry.getBody()).contains("\"stored\":\"unknown\"", "an earlier request with this Idempotency-Key"
            + " failed while committing", "Retry with the same Idempotency-Key").doesNotContain("nothing was stored");
        assertThat(otherKey.getBody()).contains("\"stored\":\"no\"");

        breakers.breaker("database").reset();
        ResponseEntity<String> settled = post("order-8", "{\"item\": \"book\", \"quantity\": 2}");
        assertThat(settled.getStatusCode().value()).isEqualTo(200);
        assertThat(settled.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aFailureBeforeTheCommitSaysNothingWasStoredInAProblemDetail() {
        breakers.breaker("database").forceOpen();
        ResponseEntity<String> rejected = post("order-6", "{\"item\": \"book\", \"quantity\": 2}");
        assertThat(rejected.getStatusCode().value()).isEqualTo(503);
        assertThat(rejected.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(rejected.getHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(rejected.getBody()).contains("\"stored\":\"no\"", "nothing was stored", "\"circuit\":\"FORCED_OPEN\"");
    }

    private static long id(ResponseEntity<String> answer) {
        String location = answer.getHeaders().getLocation().toString();
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }
}
