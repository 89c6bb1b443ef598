package com.example.shipping;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migrated application over HTTP: Resilience4j's {@code @CircuitBreaker} and YAML, applied by circuit with
 * no Resilience4j runtime on the class path; fallbacks taking {@code Throwable}, {@code IOException} and
 * {@code CircuitOpenException}; breakers that open as Resilience4j's settings say (the failure rate of the
 * sliding window, judged once the minimum number of calls is reached), seen OPEN by the actuator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class ShippingApplicationTest {

    /** What the carrier answers next: 200 with a rate, 404 for an unknown parcel, or 500. */
    private static final AtomicInteger CARRIER_STATUS = new AtomicInteger(200);
    private static final AtomicInteger CARRIER_CALLS = new AtomicInteger();
    private static final HttpServer CARRIER = server("/rates/", () -> {
        CARRIER_CALLS.incrementAndGet();
        int status = CARRIER_STATUS.get();
        return new Answer(status, status == 200 ? "{\"parcel\":\"p1\",\"amount\":7.90,\"note\":\"from the carrier\"}" : "{}");
    });
    private static final HttpServer WAREHOUSE = server("/stock/", () -> new Answer(200, "42"));

    @LocalServerPort
    private int port;

    private record Answer(int status, String body) {
    }

    private interface Partner {
        Answer answer();
    }

    @DynamicPropertySource
    static void partners(DynamicPropertyRegistry registry) {
        registry.add("carrier.url", () -> "http://127.0.0.1:" + CARRIER.getAddress().getPort());
        registry.add("warehouse.url", () -> "http://127.0.0.1:" + WAREHOUSE.getAddress().getPort());
    }

    @AfterAll
    static void stopPartners() {
        CARRIER.stop(0);
        WAREHOUSE.stop(0);
    }

    private static HttpServer server(String path, Partner partner) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(path, exchange -> {
                Answer answer = partner.answer();
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", answer.body().startsWith("{") ? "application/json" : "text/plain");
                exchange.sendResponseHeaders(answer.status(), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private RestClient http() {
        return RestClient.create("http://127.0.0.1:" + port);
    }

    private Rate rate(String parcel) {
        return http().get().uri("/rates/{parcel}", parcel).retrieve().body(Rate.class);
    }

    private Stock stock(String sku) {
        return http().get().uri("/stock/{sku}", sku).retrieve().body(Stock.class);
    }

    /** The breaker's snapshot in {@code GET /actuator/circuitbreakers}. */
    private Map<?, ?> breaker(String name) {
        Map<?, ?> all = http().get().uri("/actuator/circuitbreakers").retrieve().body(Map.class);
        return (Map<?, ?>) ((Map<?, ?>) all.get("breakers")).get(name);
    }

    @Test
    void theCarrierBreakerOpensWhenHalfOfItsLastFourCallsFailed() {
        for (int i = 0; i < 3; i++) {
            assertThat(rate("p1").note()).isEqualTo("from the carrier");
        }

        // an unknown parcel is a business answer: ignoreExceptions, neither a success nor a failure
        CARRIER_STATUS.set(404);
        for (int i = 0; i < 3; i++) {
            assertThat(rate("lost").note()).isEqualTo("no such parcel");
        }
        assertThat(breaker("carrier").get("state")).isEqualTo("CLOSED");
        assertThat(breaker("carrier").get("ignored")).isEqualTo(3);

        CARRIER_STATUS.set(500);
        assertThat(rate("p1").note()).isEqualTo("carrier failed: InternalServerError");
        assertThat(breaker("carrier").get("state")).as("1 failure in the last 4 calls: 25 %").isEqualTo("CLOSED");
        assertThat(rate("p1").note()).isEqualTo("carrier failed: InternalServerError");
        assertThat(breaker("carrier").get("state")).as("2 failures in the last 4 calls: 50 %").isEqualTo("OPEN");

        CARRIER_STATUS.set(200);
        int calls = CARRIER_CALLS.get();
        assertThat(rate("p1").note()).startsWith("carrier circuit open, next try at ");
        assertThat(CARRIER_CALLS.get()).as("the carrier is not called while the circuit is open").isEqualTo(calls);

        Map<?, ?> carrier = breaker("carrier");
        assertThat(carrier.get("state")).isEqualTo("OPEN");
        assertThat(carrier.get("rejected")).isEqualTo(1);

        Map<?, ?> details = http().get().uri("/actuator/circuitbreakers/carrier").retrieve().body(Map.class);
        assertThat(((Map<?, ?>) details.get("snapshot")).get("state")).isEqualTo("OPEN");

        String health = http().get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"circuitBreakers\"").contains("\"carrier\"").contains("CIRCUIT_OPEN");
    }

    @Test
    void theInventoryBreakerOfConfigsDefaultOpensOnlyOnceItHasFiveCalls() throws Exception {
        assertThat(stock("tea")).isEqualTo(new Stock("tea", 42, "from the warehouse"));

        // a warehouse that is gone: connection refused, an IOException
        WAREHOUSE.stop(0);
        for (int i = 0; i < 3; i++) {
            assertThat(stock("tea").note()).isEqualTo("warehouse unreachable: ConnectException");
        }
        assertThat(breaker("inventory").get("state")).as("4 calls, all but one failed, below the minimum of 5")
            .isEqualTo("CLOSED");
        assertThat(stock("tea").note()).isEqualTo("warehouse unreachable: ConnectException");
        assertThat(breaker("inventory").get("state")).as("4 failures in 5 calls: 80 %").isEqualTo("OPEN");

        // no CircuitOpenException fallback here: the rejection reaches the Throwable one, as in Resilience4j
        assertThat(stock("tea").note()).isEqualTo("stock unknown: CircuitOpenException");
        Map<?, ?> all = http().get().uri("/actuator/circuitbreakers").retrieve().body(Map.class);
        assertThat(((Map<?, ?>) ((Map<?, ?>) all.get("breakers")).get("inventory")).get("state")).isEqualTo("OPEN");
    }
}
