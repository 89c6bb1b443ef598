package dev.circuit.spring.http;

import com.sun.net.httpserver.HttpServer;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.boot.BootLine;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitHttpClientAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A breaker per remote host for Boot's RestClient and WebClient, against real HTTP servers on loopback. */
class HostBreakersTest {

    private HttpServer failing;
    private HttpServer healthy;
    private final AtomicInteger failingRequests = new AtomicInteger();
    private final AtomicInteger healthyRequests = new AtomicInteger();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class, CircuitHttpClientAutoConfiguration.class,
            BootLine.REST_CLIENT_AUTO_CONFIGURATION, BootLine.WEB_CLIENT_AUTO_CONFIGURATION))
        .withPropertyValues("circuit.http-client.enabled=true", "circuit.defaults.failure-threshold=3");

    private static HttpServer server(AtomicInteger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            int status = exchange.getRequestURI().getPath().equals("/missing") ? 404
                : exchange.getRequestURI().getPath().equals("/down") ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @BeforeEach
    void start() throws IOException {
        failing = server(failingRequests);
        healthy = server(healthyRequests);
    }

    @AfterEach
    void stop() {
        failing.stop(0);
        healthy.stop(0);
    }

    private String url(HttpServer server, String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void restClientStopsSendingToAFailingHostWhileOthersStayClosed() {
        runner.run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> client.get().uri(url(failing, "/down")).retrieve().toBodilessEntity())
                    .isInstanceOf(HttpServerErrorException.class);
            }
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> client.get().uri(url(failing, "/down")).retrieve().toBodilessEntity())
                    .isInstanceOf(CircuitOpenException.class)
                    .hasMessageContaining("http:127.0.0.1:" + failing.getAddress().getPort());
            }
            assertThat(failingRequests).hasValue(3);
            assertThat(client.get().uri(url(healthy, "/ok")).retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(200);

            CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
            assertThat(registry.find("http:127.0.0.1:" + healthy.getAddress().getPort()).orElseThrow().state())
                .isEqualTo(CircuitState.CLOSED);
        });
    }

    @Test
    void clientErrorsNeverOpenTheCircuit() {
        runner.run(context -> {
            RestClient client = context.getBean(RestClient.Builder.class).build();
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> client.get().uri(url(healthy, "/missing")).retrieve().toBodilessEntity())
                    .isInstanceOf(HttpClientErrorException.class);
            }
            assertThat(healthyRequests).hasValue(10);
        });
    }

    @Test
    void webClientStopsSendingToAFailingHost() {
        runner.run(context -> {
            WebClient client = context.getBean(WebClient.Builder.class)
                .clientConnector(new JdkClientHttpConnector()).build();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> client.get().uri(url(failing, "/down")).retrieve().toBodilessEntity().block())
                    .isInstanceOf(WebClientResponseException.class);
            }
            assertThatThrownBy(() -> client.get().uri(url(failing, "/down")).retrieve().toBodilessEntity().block())
                .isInstanceOf(CircuitOpenException.class);
            assertThat(failingRequests).hasValue(3);
            assertThat(client.get().uri(url(healthy, "/missing")).exchangeToMono(r -> r.releaseBody()
                .thenReturn(r.statusCode().value())).block()).isEqualTo(404);
        });
    }

    @Test
    void aConfiguredHostKeepsItsOwnSettingsAndTheLimitIsRespected() {
        int port = failing.getAddress().getPort();
        // as YAML's circuit.breakers."[http:127.0.0.1:PORT]".failure-threshold flattens (a ':' cannot be written
        // in withPropertyValues)
        runner.withPropertyValues("circuit.http-client.max-breakers=1")
            .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(
                "yaml", Map.of("circuit.breakers.[http:127.0.0.1:" + port + "].failure-threshold", "1"))))
            .run(context -> {
                RestClient client = context.getBean(RestClient.Builder.class).build();
                assertThatThrownBy(() -> client.get().uri(url(failing, "/down")).retrieve().toBodilessEntity())
                    .isInstanceOf(HttpServerErrorException.class);
                assertThatThrownBy(() -> client.get().uri(url(failing, "/down")).retrieve().toBodilessEntity())
                    .isInstanceOf(CircuitOpenException.class);
                client.get().uri(url(healthy, "/ok")).retrieve().toBodilessEntity();
                client.get().uri("http://localhost:" + healthy.getAddress().getPort() + "/ok").retrieve()
                    .toBodilessEntity(); // a second unconfigured host: over the limit, unprotected
                CircuitBreakerRegistry registry = context.getBean(CircuitBreakerRegistry.class);
                assertThat(registry.find("http:127.0.0.1:" + healthy.getAddress().getPort())).isPresent();
                assertThat(registry.find("http:localhost:" + healthy.getAddress().getPort())).isEmpty();
                assertThat(healthyRequests).hasValue(2);
            });
    }

    @Test
    void aBadFailureStatusFailsStartUpNamingIt() {
        runner.withPropertyValues("circuit.http-client.failure-statuses=5xx,oops").run(context ->
            assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("circuit.http-client.failure-statuses[1]"));
    }
}
