package com.example.prices;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first application on Spring Boot 3.5, used over HTTP as its curls do: a partner that answers, then one that is
 * gone, the fallbacks that take exceptions, the endpoint, health and Prometheus. On Boot 3.5, as the Boot 4
 * application but for the starter's name, {@code spring-boot-starter-web}, and Boot 3's tests exporting no
 * metrics unless asked ({@code @AutoConfigureObservability}).
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PricesApplicationTest {

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
            server.createContext("/prices/", exchange -> {
                byte[] body = "{\"sku\":\"tea\",\"amount\":12.50,\"note\":\"from the partner\"}".getBytes(StandardCharsets.UTF_8);
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
    void thePartnersPricesThenFallbacksThenAnOpenCircuitSeenByTheActuator() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);

        Price price = http.get().uri("/prices/tea").retrieve().body(Price.class);
        assertThat(price.amount()).isEqualByComparingTo("12.50");

        PARTNER.stop(0);
        for (int i = 0; i < 3; i++) {
            assertThat(http.get().uri("/prices/tea").retrieve().body(Price.class).note()).isEqualTo("partner unreachable");
        }
        Price rejected = http.get().uri("/prices/tea").retrieve().body(Price.class);
        assertThat(rejected.amount()).isNull();
        assertThat(rejected.note()).startsWith("Circuit 'partner' is OPEN; call rejected, next attempt at ");

        Map<?, ?> breakers = http.get().uri("/actuator/circuitbreakers").retrieve().body(Map.class);
        assertThat(((Map<?, ?>) ((Map<?, ?>) breakers.get("breakers")).get("partner")).get("state")).isEqualTo("OPEN");

        String health = http.get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"circuitBreakers\"").contains("\"partner\"").contains("CIRCUIT_OPEN");

        String prometheus = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(prometheus).contains("circuit_breaker_state{component=\"partner\"} 0.0")
            .contains("circuit_breaker_calls_total{component=\"partner\",outcome=\"rejected\"} 1.0");
    }
}
