package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.boot.actuate.CircuitBreakersEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Fleet mode through Spring Boot's {@code spring.data.redis.sentinel.*}, against a real primary, replica and
 * sentinel on loopback (Debian's redis-server): a failover of the primary during an outage of the protected
 * dependency loses no decision.
 */
class FleetSentinelTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }

    private final List<RedisServer> servers = new ArrayList<>();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final String namespace = "orders-" + UUID.randomUUID();
    private RedisServer primary;
    private RedisServer sentinel;

    @BeforeEach
    void startRedis() throws Exception {
        primary = new RedisServer();
        RedisServer replica = new RedisServer().replicaOf(primary);
        sentinel = new RedisServer().sentinelOf(primary);
        servers.addAll(List.of(primary, replica, sentinel));
        for (RedisServer server : servers) {
            server.start();
        }
    }

    @AfterEach
    void stop() throws Exception {
        instances.forEach(ConfigurableApplicationContext::close);
        for (RedisServer server : servers) {
            server.stop();
        }
    }

    private ConfigurableApplicationContext instance() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
            .properties("spring.data.redis.sentinel.master=mymaster",
                "spring.data.redis.sentinel.nodes=127.0.0.1:" + sentinel.port(),
                "circuit.cluster.enabled=true", "circuit.cluster.namespace=" + namespace,
                "circuit.breakers.database.failure-threshold=2", "circuit.breakers.database.recovery-timeout=1m",
                "management.endpoints.web.exposure.include=circuitbreakers")
            .run();
        instances.add(context);
        return context;
    }

    private static CircuitBreaker database(ConfigurableApplicationContext context) {
        return context.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow();
    }

    @Test
    void aFailoverOfThePrimaryLosesNoDecision() throws Exception {
        var a = instance();
        var b = instance();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> database(a).call(() -> {
                throw new IOException("connection refused");
            })).isInstanceOf(IOException.class);
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> database(b).state() == CircuitState.OPEN);

        primary.kill(); // the sentinel promotes the replica about a second later
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.getBean(Fleet.class).connected());
        assertThat(database(a).state()).isEqualTo(CircuitState.OPEN); // the trip holds while the link is down
        assertThat(database(b).state()).isEqualTo(CircuitState.OPEN);
        // both instances reach the promoted replica
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> promoted()
            && instances.stream().allMatch(instance -> instance.getBean(Fleet.class).connected()));
        assertThat(database(a).state()).isEqualTo(CircuitState.OPEN);
        assertThat(database(b).state()).isEqualTo(CircuitState.OPEN);

        var joiner = instance(); // the fleet's state survived on the new primary
        assertThat(database(joiner).state()).isEqualTo(CircuitState.OPEN);
        // a message reaches only subscribed instances: the reset is sent once the joiner's link is up
        await().atMost(Duration.ofSeconds(10)).until(() -> joiner.getBean(Fleet.class).connected());

        a.getBean(CircuitBreakersEndpoint.class).update("database", Map.of("action", "RESET"));
        await().atMost(Duration.ofSeconds(10)).until(() -> instances.stream()
            .allMatch(instance -> database(instance).state() == CircuitState.CLOSED));
    }

    /** Whether the sentinel names a primary other than the one killed. */
    private boolean promoted() {
        try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), sentinel.port())) {
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write("SENTINEL get-master-addr-by-name mymaster\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] answer = new byte[256];
            int read = socket.getInputStream().read(answer);
            String text = new String(answer, 0, Math.max(0, read), java.nio.charset.StandardCharsets.US_ASCII);
            return !text.contains("\r\n" + primary.port() + "\r\n") && text.startsWith("*2");
        } catch (IOException e) {
            return false;
        }
    }
}
