package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A prober that dies: a replica in another process takes the probe lease and is killed (SIGKILL) in the
 * middle of its probe. The other replica probes once the lease expired ({@code halfOpenProbeTimeout}), and
 * the fleet closes.
 */
class FleetProberTest {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private RedisServer redis;
    private Process prober;
    private ConfigurableApplicationContext survivor;
    private final String namespace = "orders-" + UUID.randomUUID();

    /** The replicas' properties: one second open, a three-second probe timeout. */
    static String[] properties(int redisPort, String namespace) {
        return new String[] {"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redisPort,
            "circuit.cluster.enabled=true", "circuit.cluster.namespace=" + namespace,
            "circuit.breakers.database.failure-threshold=2", "circuit.breakers.database.recovery-timeout=1s",
            "circuit.breakers.database.half-open-probe-timeout=" + PROBE_TIMEOUT.toSeconds() + "s"};
    }

    @BeforeEach
    void start() throws Exception {
        redis = new RedisServer();
        redis.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (prober != null) {
            prober.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (survivor != null) {
            survivor.close();
        }
        redis.stop();
    }

    @Test
    void anotherReplicaProbesOnceTheKilledProbersLeaseExpiredAndTheFleetCloses() throws Exception {
        survivor = new SpringApplicationBuilder(FleetTest.App.class).web(WebApplicationType.NONE)
            .properties(properties(redis.port(), namespace)).run();
        CircuitBreaker database = survivor.getBean(CircuitBreakerRegistry.class).find("database").orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        prober = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ProberProcess.class.getName(),
            String.valueOf(redis.port()), namespace).redirectErrorStream(true).start();
        BlockingQueue<String> said = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(prober.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.equals("TRIPPED") || line.equals("PROBING")) {
                        said.add(line);
                    }
                }
            } catch (java.io.IOException ended) {
                // the process died
            }
        });
        reader.setDaemon(true);
        reader.start();

        assertThat(said.poll(60, TimeUnit.SECONDS)).as("the prober tripped").isEqualTo("TRIPPED");
        await().atMost(Duration.ofSeconds(3)).until(() -> database.state().isOpen()); // the fleet opened
        // the survivor has no traffic yet: whoever won the lease, the prober ends up probing
        assertThat(said.poll(10, TimeUnit.SECONDS)).as("the prober probes").isEqualTo("PROBING");
        long probing = System.nanoTime();
        prober.destroyForcibly(); // SIGKILL, in the middle of the probe
        assertThat(prober.waitFor(10, TimeUnit.SECONDS)).isTrue();

        AtomicInteger reached = new AtomicInteger();
        await().atMost(PROBE_TIMEOUT.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                database.call(reached::incrementAndGet);
                return true;
            } catch (CircuitOpenException rejected) {
                return false;
            }
        });
        Duration waited = Duration.ofNanos(System.nanoTime() - probing);
        assertThat(reached).hasValue(1);
        assertThat(waited).as("rejected while the dead prober's lease lived")
            .isGreaterThan(PROBE_TIMEOUT.minusSeconds(1)).isLessThan(PROBE_TIMEOUT.plusSeconds(3));
        assertThat(database.state()).isEqualTo(CircuitState.CLOSED);
    }
}
