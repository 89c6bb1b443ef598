package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.StatusServer.StatusApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Boot 4 only: an HTTP interface client registered with {@code @ImportHttpServices} is protected by its
 * interface's annotation, against a real HTTP server on loopback that fails.
 */
class ImportHttpServicesTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ImportHttpServices(group = "partner", types = StatusApi.class)
    static class App {
    }

    private StatusServer server;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void start() {
        server = StatusServer.start();
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
            .properties("spring.http.serviceclient.partner.base-url=" + server.url(),
                "circuit.breakers.partner.failure-threshold=2",
                // Spring Cloud Commons (here for the OpenFeign tests) would wrap the client in its own breaker too
                "spring.cloud.circuitbreaker.http-services.enabled=false", "spring.data.redis.repositories.enabled=false",
                "spring.datasource.url=jdbc:h2:mem:http-services;DB_CLOSE_DELAY=-1")
            .run();
    }

    @AfterEach
    void stop() {
        context.close();
        server.close();
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
        assertThat(server.requests()).isEqualTo(2);
        assertThat(context.getBean(CircuitBreakerRegistry.class).find("partner").orElseThrow().snapshot().rejected())
            .isEqualTo(5);
    }
}
