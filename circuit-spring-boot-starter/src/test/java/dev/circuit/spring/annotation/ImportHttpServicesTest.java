package dev.circuit.spring.annotation;

import com.sun.net.httpserver.HttpServer;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Boot 4 only: an HTTP interface client registered with {@code @ImportHttpServices} is protected by its
 * interface's annotation, against a real HTTP server on loopback that fails.
 */
class ImportHttpServicesTest {

    /** A remote API as an HTTP interface client. */
    @HttpExchange
    public interface StatusApi {
        @CircuitProtected("partner")
        @GetExchange("/status")
        String status();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ImportHttpServices(group = "partner", types = StatusApi.class)
    static class App {
    }

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
            .properties("spring.http.serviceclient.partner.base-url=http://127.0.0.1:" + server.getAddress().getPort(),
                "circuit.breakers.partner.failure-threshold=2",
                // Spring Cloud Commons (here for the OpenFeign tests) would wrap the client in its own breaker too
                "spring.cloud.circuitbreaker.http-services.enabled=false", "spring.data.redis.repositories.enabled=false",
                "spring.datasource.url=jdbc:h2:mem:http-services;DB_CLOSE_DELAY=-1")
            .run();
    }

    @AfterEach
    void stop() {
        context.close();
        server.stop(0);
    }

    @Test
    void anHttpInterfaceClientStopsCallingAFailingServer() {
        StatusApi api = context.getBean(StatusApi.class);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(api::status).isInstanceOf(HttpServerErrorException.class);
        }
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(api::status).isInstanceOf(CircuitOpenException.class);
        }
        assertThat(requests).hasValue(2);
        assertThat(context.getBean(CircuitBreakerRegistry.class).find("partner").orElseThrow().snapshot().rejected())
            .isEqualTo(5);
    }
}
