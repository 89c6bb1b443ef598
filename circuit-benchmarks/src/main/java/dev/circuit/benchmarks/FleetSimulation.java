package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.cluster.Fleet;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet of N instances (each with its own registry and, in fleet mode, its own Redis connection to one
 * real Redis) calling a dependency every 20 ms; the dependency fails for {@link #OUTAGE} and then
 * recovers. Reports, for local and fleet mode: the calls that reached the failing dependency, the probes
 * among them, and the time from the first trip to the last instance open. Needs Debian's redis-server;
 * started on a free loopback port and stopped at the end. {@code bench/run-fleet} runs it.
 */
public final class FleetSimulation {

    static final Duration OUTAGE = Duration.ofSeconds(8);
    static final Duration AFTER = Duration.ofSeconds(4);
    static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(2);

    private FleetSimulation() {
    }

    /** What one run measured. */
    record Result(int instances, String mode, int reachedDuringOutage, int probes, long openSpreadMillis) {
    }

    public static void main(String[] args) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process redis = FleetScale.startRedis(port);
        try {
            System.out.println("| instances | mode | calls that reached the failing dependency | probes among them | first trip to last instance open |");
            System.out.println("| ---: | --- | ---: | ---: | ---: |");
            for (int n : new int[] {1, 5, 20}) {
                for (String mode : new String[] {"local", "fleet"}) {
                    Result r = run(n, mode.equals("fleet"), port);
                    System.out.printf("| %d | %s | %d | %d | %d ms |%n", r.instances(), r.mode(), r.reachedDuringOutage(),
                        r.probes(), r.openSpreadMillis());
                }
            }
        } finally {
            redis.destroy();
        }
        System.exit(0);
    }


    private static Result run(int n, boolean fleetMode, int port) throws Exception {
        String namespace = "sim-" + UUID.randomUUID();
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger reached = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        AtomicLong firstOpen = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastOpen = new AtomicLong();
        List<CircuitBreaker> breakers = new ArrayList<>();
        List<AutoCloseable> closing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.builder().failureThreshold(5)
                .recoveryTimeout(RECOVERY_TIMEOUT).halfOpenProbeTimeout(Duration.ofSeconds(5)).build());
            CircuitBreaker breaker = registry.breaker("dependency");
            breaker.addListener(new CircuitListener() {
                @Override
                public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
                    if (transition.to() == CircuitState.OPEN && transition.from() == CircuitState.CLOSED) {
                        long now = System.nanoTime();
                        firstOpen.accumulateAndGet(now, Math::min);
                        lastOpen.accumulateAndGet(now, Math::max);
                    }
                }
            });
            if (fleetMode) {
                LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
                factory.afterPropertiesSet();
                factory.start();
                Fleet fleet = FleetScale.fleet(registry, factory, namespace);
                closing.add(fleet::stop);
                closing.add(factory::destroy);
            }
            breakers.add(breaker);
        }
        Thread.sleep(500); // subscriptions in place
        long start = System.nanoTime();
        long end = start + OUTAGE.plus(AFTER).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (CircuitBreaker breaker : breakers) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        breaker.call(() -> {
                            if (breaker.state() != CircuitState.CLOSED) {
                                probes.incrementAndGet();
                            }
                            if (down.get()) {
                                reached.incrementAndGet();
                                throw new IOException("down");
                            }
                            return "ok";
                        });
                    } catch (Exception expected) {
                        // a failure or a rejection
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(OUTAGE.toMillis());
        down.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
        long spread = lastOpen.get() == 0 ? 0 : (lastOpen.get() - firstOpen.get()) / 1_000_000;
        return new Result(n, fleetMode ? "fleet" : "local", reached.get(), probes.get(), spread);
    }
}
