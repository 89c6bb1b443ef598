package dev.circuit.spring.cloud;

import com.sun.net.httpserver.HttpServer;
import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenFeign client with Spring Cloud's circuit breaker support on, against a real HTTP server on
 * loopback that fails: circuit counts the failures, the client's fallback answers, and once the
 * circuit is open no request leaves the process.
 */
class OpenFeignTest {

    /** The remote API. */
    @FeignClient(name = "partner", url = "${partner.url}", fallback = PartnerFallback.class)
    public interface PartnerClient {
        @GetMapping("/status")
        String status();
    }

    /** What the client answers when the call fails or is rejected. */
    static class PartnerFallback implements PartnerClient {
        @Override
        public String status() {
            return "fallback";
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableFeignClients(clients = PartnerClient.class)
    static class App {
        @Bean
        PartnerFallback partnerFallback() {
            return new PartnerFallback();
        }
    }

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/status", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ConfigurableApplicationContext app(String... properties) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
            .properties("partner.url=http://127.0.0.1:" + server.getAddress().getPort(),
                "spring.cloud.openfeign.circuitbreaker.enabled=true", "circuit.defaults.failure-threshold=3")
            .properties(properties)
            .run();
    }

    private static CircuitBreaker statusBreaker(ConfigurableApplicationContext context) {
        return context.getBean(CircuitBreakerRegistry.class).all().stream()
            .filter(breaker -> breaker.name().contains("status")).findFirst().orElseThrow();
    }

    @Test
    void afterTheThresholdNoRequestLeavesTheProcessAndTheFallbackAnswers() {
        try (ConfigurableApplicationContext context = app()) {
            PartnerClient client = context.getBean(PartnerClient.class);
            for (int i = 0; i < 10; i++) {
                assertThat(client.status()).isEqualTo("fallback");
            }
            assertThat(requests).hasValue(3);
            CircuitBreaker breaker = statusBreaker(context);
            assertThat(breaker.name()).isEqualTo("PartnerClientstatus"); // OpenFeign's default: Client#method(), alphanumerics only
            assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
            assertThat(breaker.snapshot().failures()).isEqualTo(3);
            assertThat(breaker.snapshot().rejected()).isEqualTo(7);
        }
    }

    @Test
    void withGroupsTheClientsBreakerTakesTheGroupsSettings() {
        try (ConfigurableApplicationContext context = app("spring.cloud.openfeign.circuitbreaker.group.enabled=true",
                "circuit.breakers.partner.failure-threshold=2")) {
            PartnerClient client = context.getBean(PartnerClient.class);
            for (int i = 0; i < 5; i++) {
                assertThat(client.status()).isEqualTo("fallback");
            }
            assertThat(requests).hasValue(2);
            assertThat(statusBreaker(context).config().failureThreshold()).isEqualTo(2);
        }
    }
}
