package com.example.quotes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive application (WebFlux on Tomcat, WebClient on the JDK's HttpClient) used over HTTP: a partner
 * that answers, then one that is gone; the Mono method's fallbacks, the Flux method's errors mapped to
 * 502 and 503, and the endpoint and health showing the open circuit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuotesApplicationTest {

    private static final HttpServer PARTNER = partner();

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

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
            server.createContext("/quotes", exchange -> {
                if (exchange.getRequestURI().getPath().equals("/quotes")) {
                    json(exchange, "[{\"item\":\"tea\",\"price\":12.50,\"note\":\"from the partner\"},"
                        + "{\"item\":\"coffee\",\"price\":9.90,\"note\":\"from the partner\"}]");
                } else {
                    json(exchange, "{\"item\":\"tea\",\"price\":12.50,\"note\":\"from the partner\"}");
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static ResponseEntity<String> getAnyStatus(RestClient http, String uri) {
        return http.get().uri(uri).retrieve().onStatus(status -> true, (request, response) -> { })
            .toEntity(String.class);
    }

    @Test
    void aReactiveServer() {
        assertThat(context).isInstanceOf(ReactiveWebServerApplicationContext.class);
        assertThat(((ReactiveWebServerApplicationContext) context).getWebServer()).isInstanceOf(TomcatWebServer.class);
    }

    @Test
    void thePartnersQuotesThenFailuresThenAnOpenCircuitSeenByTheActuator() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);

        Quote quote = http.get().uri("/quotes/tea").retrieve().body(Quote.class);
        assertThat(quote.price()).isEqualByComparingTo("12.50");
        Quote[] all = http.get().uri("/quotes").retrieve().body(Quote[].class);
        assertThat(all).extracting(Quote::item).containsExactly("tea", "coffee");

        PARTNER.stop(0);
        ResponseEntity<String> failed = getAnyStatus(http, "/quotes");
        assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(failed.getBody()).contains("partner failed: ");
        for (int i = 0; i < 2; i++) {
            assertThat(http.get().uri("/quotes/tea").retrieve().body(Quote.class).note()).startsWith("partner failed: ");
        }

        Quote rejected = http.get().uri("/quotes/tea").retrieve().body(Quote.class);
        assertThat(rejected.price()).isNull();
        assertThat(rejected.note()).startsWith("partner circuit open, next try at ");
        ResponseEntity<String> rejectedStream = getAnyStatus(http, "/quotes");
        assertThat(rejectedStream.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(rejectedStream.getHeaders().getFirst("Retry-After")).isNotBlank();
        assertThat(rejectedStream.getBody()).contains("circuit partner is open");

        Map<?, ?> breakers = http.get().uri("/actuator/circuitbreakers").retrieve().body(Map.class);
        Map<?, ?> partner = (Map<?, ?>) ((Map<?, ?>) breakers.get("breakers")).get("partner");
        assertThat(partner.get("state")).isEqualTo("OPEN");

        String health = http.get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(health).contains("\"circuitBreakers\"").contains("\"partner\"").contains("CIRCUIT_OPEN");
    }

    @Test
    void aWriteToTheReadOnlyEndpointSaysHowToAllowIt() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);
        ResponseEntity<String> refused = http.post().uri("/actuator/circuitbreakers/partner")
            .contentType(MediaType.APPLICATION_JSON).body("{\"action\":\"FORCE_OPEN\"}")
            .retrieve().onStatus(status -> true, (request, response) -> { }).toEntity(String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(refused.getBody()).contains("management.endpoint.circuitbreakers.access=unrestricted");
    }
}
