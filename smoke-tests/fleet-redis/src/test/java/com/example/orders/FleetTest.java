package com.example.orders;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the application, each with its own web server, sharing a real Redis: a trip on one, caused by
 * a failing payment partner over HTTP, opens the breaker on the other, which then answers with its fallback
 * without calling the partner.
 */
class FleetTest {

    private static final String SECRET = "smoke-test-fleet-secret-0123456789";

    private LocalRedis redis;
    private HttpServer partner;
    private final AtomicInteger partnerStatus = new AtomicInteger(200);
    private final AtomicInteger partnerCalls = new AtomicInteger();
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    @BeforeEach
    void startRedisAndPartner() throws Exception {
        redis = LocalRedis.start();
        partner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        partner.createContext("/charges/", exchange -> {
            partnerCalls.incrementAndGet();
            int status = partnerStatus.get();
            byte[] body = (status == 200 ? "{\"order\":\"o1\",\"status\":\"CHARGED\",\"note\":\"from the partner\"}" : "{}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        partner.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        replicas.forEach(ConfigurableApplicationContext::close);
        if (partner != null) {
            partner.stop(0);
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A replica, as it would be started with its own port, pointing at the shared Redis. */
    private RestClient replica() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(OrdersApplication.class).run(
            "--server.port=0", "--server.address=127.0.0.1",
            "--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redis.port(),
            "--circuit.cluster.secret=" + SECRET,
            "--payments.url=http://127.0.0.1:" + partner.getAddress().getPort());
        replicas.add(context);
        int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        return RestClient.create("http://127.0.0.1:" + port);
    }

    private static Charge charge(RestClient replica) {
        return replica.get().uri("/orders/o1/charge").retrieve().body(Charge.class);
    }

    private static Map<?, ?> payments(RestClient replica) {
        return replica.get().uri("/actuator/circuitbreakers/payments").retrieve().body(Map.class);
    }

    private static Object state(RestClient replica) {
        return ((Map<?, ?>) payments(replica).get("snapshot")).get("state");
    }

    @Test
    void aTripOnOneReplicaOpensThePaymentsBreakerOnTheOther() {
        RestClient first = replica();
        RestClient second = replica();

        assertThat(charge(first).status()).isEqualTo("CHARGED");
        assertThat(charge(second).status()).isEqualTo("CHARGED");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
            assertThat((List<?>) ((Map<?, ?>) payments(second).get("cluster")).get("instances")).hasSize(2));

        partnerStatus.set(500);
        for (int i = 0; i < 3; i++) {
            assertThat(charge(first).note()).isEqualTo("payments failed: InternalServerError");
        }
        assertThat(state(first)).isEqualTo("OPEN");

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
            assertThat(state(second)).isEqualTo("OPEN"));

        partnerStatus.set(200);
        int calls = partnerCalls.get();
        Charge rejected = charge(second);
        assertThat(rejected.status()).isEqualTo("PENDING");
        assertThat(rejected.note()).startsWith("payments circuit open, next try at ");
        assertThat(partnerCalls.get()).as("the second replica does not call the partner").isEqualTo(calls);

        Map<?, ?> all = second.get().uri("/actuator/circuitbreakers").retrieve().body(Map.class);
        assertThat(((Map<?, ?>) ((Map<?, ?>) all.get("breakers")).get("payments")).get("state")).isEqualTo("OPEN");
        assertThat(second.get().uri("/actuator/health").retrieve().body(String.class)).contains("CIRCUIT_OPEN");
    }
}
