package com.example.stock;

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
 * An OpenFeign client with Spring Cloud's circuit breakers on, used over HTTP: a partner that answers,
 * then one that is gone; the client's fallback answers the failures and, once the circuit is open, the
 * rejections; the endpoint and health show the breaker under OpenFeign's name for the method.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StockApplicationTest {

    private static final String BREAKER = "PartnerClientstockString";
    private static final AtomicInteger PARTNER_REQUESTS = new AtomicInteger();
    private static final HttpServer PARTNER = partner();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void partnerUrl(DynamicPropertyRegistry registry) {
        registry.add("partner.url", () -> "http://127.0.0.1:" + PARTNER.getAddress().getPort());
    }

    @AfterAll
    static void stopPartner() {
        PARTNER.stop(0);
    }

    private static HttpServer partner() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/stock/", exchange -> {
                PARTNER_REQUESTS.incrementAndGet();
                byte[] body = "{\"sku\":\"tea\",\"quantity\":42,\"note\":\"from the partner\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePartnersStockThenTheFeignFallbackThenAnOpenCircuitSeenByTheActuator() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);

        Stock stock = http.get().uri("/stock/tea").retrieve().body(Stock.class);
        assertThat(stock.quantity()).isEqualTo(42);
        assertThat(stock.note()).isEqualTo("from the partner");
        assertThat(PARTNER_REQUESTS).hasValue(1);

        PARTNER.stop(0);
        for (int i = 0; i < 3; i++) {
            Stock failed = http.get().uri("/stock/tea").retrieve().body(Stock.class);
            assertThat(failed.quantity()).isNull();
            assertThat(failed.note()).startsWith("partner failed: ");
        }
        Stock rejected = http.get().uri("/stock/tea").retrieve().body(Stock.class);
        assertThat(rejected.quantity()).isNull();
        assertThat(rejected.note()).startsWith("partner circuit open, next try at ");

        Map<?, ?> breakers = http.get().uri("/actuator/circuitbreakers").retrieve().body(Map.class);
        Map<?, ?> breaker = (Map<?, ?>) ((Map<?, ?>) breakers.get("breakers")).get(BREAKER);
        assertThat(breaker).as("breakers: %s", breakers).isNotNull();
        assertThat(breaker.get("state")).isEqualTo("OPEN");

        Map<?, ?> details = http.get().uri("/actuator/circuitbreakers/" + BREAKER).retrieve().body(Map.class);
        assertThat(details.toString()).contains("failureThreshold=3");

        String health = http.get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"circuitBreakers\"").contains("\"" + BREAKER + "\"").contains("CIRCUIT_OPEN");
    }
}
