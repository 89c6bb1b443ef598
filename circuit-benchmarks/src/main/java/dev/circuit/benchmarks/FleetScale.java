package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.cluster.Fleet;
import dev.circuit.spring.cluster.RedisFleetTransport;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Fleet mode at scale: N instances (200 by default) in one JVM, each with its own registry, Redis connections
 * and {@link Fleet}, on one real Redis (Debian's redis-server, started on a free loopback port). Measures the
 * Redis commands of an idle fleet (the link check and the fleet view), one trip's spread from the instance
 * that tripped to every other instance (p50, p99, max), the commands that trip cost, and the publisher's
 * drops. {@code bench/run-fleet-scale} runs it; the figures are in BENCHMARKS.md.
 */
public final class FleetScale {

    private FleetScale() {
    }

    /** A fleet member as the starter makes one: Redis transport, the defaults of circuit.cluster.*. */
    static Fleet fleet(CircuitBreakerRegistry registry, LettuceConnectionFactory factory, String namespace) {
        Fleet fleet = new Fleet(registry, new RedisFleetTransport(factory),
            new Fleet.Settings(namespace, 1, Duration.ofMillis(500), Duration.ofSeconds(1), null),
            name -> true, null, InstantSource.system());
        registry.addListener(fleet);
        fleet.start();
        return fleet;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process redis = startRedis(port);
        ClientResources resources = DefaultClientResources.create();
        List<LettuceConnectionFactory> factories = new ArrayList<>();
        List<Fleet> fleets = new ArrayList<>();
        try {
            String namespace = "scale-" + UUID.randomUUID();
            AtomicLongArray opened = new AtomicLongArray(n);
            AtomicLongArray warmedUp = new AtomicLongArray(n);
            List<CircuitBreaker> breakers = new ArrayList<>();
            List<CircuitBreaker> warmUps = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.builder()
                    .failureThreshold(5).recoveryTimeout(Duration.ofMinutes(5)).build());
                CircuitListener openings = new CircuitListener() {
                    @Override
                    public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
                        if (transition.to() == CircuitState.OPEN) {
                            (b.name().equals("warm-up") ? warmedUp : opened).compareAndSet(index, 0, System.nanoTime());
                        }
                    }
                };
                CircuitBreaker breaker = registry.breaker("dependency");
                breaker.addListener(openings);
                CircuitBreaker warmUp = registry.breaker("warm-up");
                warmUp.addListener(openings);
                warmUps.add(warmUp);
                LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                    LettuceClientConfiguration.builder().clientResources(resources).build());
                factory.afterPropertiesSet();
                factory.start();
                factories.add(factory);
                fleets.add(fleet(registry, factory, namespace));
                breakers.add(breaker);
            }
            StringRedisTemplate admin = new StringRedisTemplate(factories.get(0));
            Thread.sleep(3_000); // subscriptions in place, a few view refreshes
            // a first trip, on another breaker, warms the JVM's paths (JSON, listeners); reported apart
            trip(warmUps.get(0));
            waitAllOpen(warmedUp);
            long[] cold = spread(warmedUp);
            warmUps.get(0).reset();
            Thread.sleep(2_000);
            long idleStart = commands(admin);
            Thread.sleep(10_000);
            double idlePerSecond = (commands(admin) - idleStart) / 10.0;

            Map<String, Long> before = commandStats(admin);
            trip(breakers.get(0));
            waitAllOpen(opened);
            Thread.sleep(200); // the state key's write, after the last instance opened
            Map<String, Long> after = commandStats(admin);
            StringBuilder tripCommands = new StringBuilder();
            for (String command : List.of("publish", "set", "del", "eval")) {
                long calls = after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
                if (calls > 0) {
                    tripCommands.append(tripCommands.length() == 0 ? "" : ", ").append(calls).append(' ').append(command.toUpperCase());
                }
            }
            long[] spread = spread(opened);
            long missed = Arrays.stream(spread).filter(at -> at == Long.MAX_VALUE).count();
            long dropped = fleets.stream().mapToLong(f -> ((Number) f.status().get("messagesDropped")).longValue()).sum();
            System.out.printf("| instances | %d |%n", n);
            System.out.printf("| idle fleet: Redis commands per second, per instance | %.1f (%.0f for the fleet) |%n",
                idlePerSecond / n, idlePerSecond);
            System.out.printf("| one trip: Redis commands besides the idle ones | %s |%n", tripCommands);
            System.out.printf("| trip spread p50 / p99 / max | %.1f / %.1f / %.1f ms |%n", millis(spread, 0.50), millis(spread, 0.99),
                millis(spread, 1.0));
            System.out.printf("| the JVM's first trip (cold code paths): p50 / p99 / max | %.1f / %.1f / %.1f ms |%n",
                millis(cold, 0.50), millis(cold, 0.99), millis(cold, 1.0));
            System.out.printf("| instances that did not open within 10 s | %d |%n", missed);
            System.out.printf("| publisher drops | %d |%n", dropped);
        } finally {
            redis.destroy(); // the JVM's exit ends the instances: closing 400 connections one by one takes minutes
        }
        System.exit(0);
    }

    private static void trip(CircuitBreaker breaker) {
        for (int i = 0; i < 5; i++) {
            breaker.recordFailure(new IOException("down"));
        }
    }

    private static void waitAllOpen(AtomicLongArray opened) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!allOpen(opened) && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** From the first instance's opening to each other's, sorted; MAX_VALUE for one that did not open. */
    private static long[] spread(AtomicLongArray opened) {
        long[] spread = new long[opened.length() - 1];
        for (int i = 1; i < opened.length(); i++) {
            spread[i - 1] = opened.get(i) == 0 ? Long.MAX_VALUE : opened.get(i) - opened.get(0);
        }
        Arrays.sort(spread);
        return spread;
    }

    private static boolean allOpen(AtomicLongArray opened) {
        for (int i = 0; i < opened.length(); i++) {
            if (opened.get(i) == 0) {
                return false;
            }
        }
        return true;
    }

    private static double millis(long[] sorted, double quantile) {
        int at = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, at)] == Long.MAX_VALUE ? Double.NaN : sorted[Math.max(0, at)] / 1e6;
    }

    /** Commands Redis processed so far (INFO stats), the INFO command itself included. */
    private static long commands(StringRedisTemplate redis) {
        Properties stats = redis.execute((RedisCallback<Properties>) connection -> connection.serverCommands().info("stats"));
        return Long.parseLong(stats.getProperty("total_commands_processed"));
    }

    /** Calls per command so far (INFO commandstats). */
    private static Map<String, Long> commandStats(StringRedisTemplate redis) {
        Properties stats = redis.execute((RedisCallback<Properties>) connection -> connection.serverCommands().info("commandstats"));
        Map<String, Long> calls = new java.util.TreeMap<>();
        stats.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (name.startsWith("cmdstat_")) {
                String text = String.valueOf(value);
                calls.put(name.substring("cmdstat_".length()), Long.parseLong(text.substring(6, text.indexOf(','))));
            }
        });
        return calls;
    }

    /** Debian's redis-server on a loopback port, persistence off, ready when this returns. */
    static Process startRedis(int port) throws IOException, InterruptedException {
        Process redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--maxclients", "10000", "--dir", Files.createTempDirectory("redis").toString())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        waitForPort(port);
        return redis;
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start");
    }
}
