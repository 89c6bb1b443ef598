package dev.circuit.spring.boot.actuate;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import dev.circuit.spring.boot.resilience4j.CircuitResilience4jAutoConfiguration;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code circuit.metrics.resilience4j-names=true} against Resilience4j's own meter binder (resilience4j-micrometer
 * 2.4.0): the same YAML, the same random calls through both breakers, the same meters (names, tags) with the
 * same values after every call. The window's figures are compared while both are CLOSED: in OPEN and
 * HALF_OPEN, Resilience4j shows the window it tripped on and the half-open calls, circuit shows none.
 */
class Resilience4jMeterNamesTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final long SLOW = Duration.ofMillis(500).toNanos();

    @Test
    void theMetersAreResilience4jsWithResilience4jsValues() {
        SplittableRandom random = new SplittableRandom(4);
        List<String> differences = new ArrayList<>();
        for (int sequence = 0; sequence < 40 && differences.isEmpty(); sequence++) {
            boolean time = random.nextBoolean();
            run(new String[] {
                "resilience4j.circuitbreaker.instances.backend.sliding-window-type=" + (time ? "TIME_BASED" : "COUNT_BASED"),
                "resilience4j.circuitbreaker.instances.backend.sliding-window-size=" + random.nextInt(2, 20),
                "resilience4j.circuitbreaker.instances.backend.minimum-number-of-calls=" + random.nextInt(1, 20),
                "resilience4j.circuitbreaker.instances.backend.failure-rate-threshold=" + random.nextInt(30, 101),
                "resilience4j.circuitbreaker.instances.backend.slow-call-rate-threshold=" + random.nextInt(30, 101),
                "resilience4j.circuitbreaker.instances.backend.slow-call-duration-threshold=500ms",
                "resilience4j.circuitbreaker.instances.backend.wait-duration-in-open-state=5s",
                "resilience4j.circuitbreaker.instances.backend.ignore-exceptions=java.lang.IllegalArgumentException",
            }, random.nextLong(), differences);
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void thePropertySwitchesThemOnAndTheyAreOffByDefault() {
        ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                CircuitAutoConfiguration.class, CircuitResilience4jAutoConfiguration.class,
                dev.circuit.spring.boot.autoconfigure.CircuitMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("resilience4j.circuitbreaker.instances.backend.sliding-window-size=10");
        runner.withPropertyValues("circuit.metrics.resilience4j-names=true").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(CircuitBreakerMetrics.class).bindTo(registry);
            assertThat(registry.find("resilience4j.circuitbreaker.state").tags("name", "backend", "state", "closed")
                .gauge().value()).isEqualTo(1.0);
            assertThat(registry.find("circuit.breaker.state").tags("component", "backend").gauge()).isNotNull();
        });
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(CircuitBreakerMetrics.class).bindTo(registry);
            assertThat(registry.find("resilience4j.circuitbreaker.state").meters()).isEmpty();
        });
    }

    private static void run(String[] yaml, long seed, List<String> differences) {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        InstantSource wall = () -> START.plusNanos(nanos.get());
        CircuitBreakerRegistry ourRegistry = CircuitBreakerRegistry.of();
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class,
                CircuitResilience4jAutoConfiguration.class))
            .withPropertyValues(yaml).run(context -> {
                CircuitBreaker read = context.getBean(CircuitBreakerRegistry.class).find("backend").orElseThrow();
                ourRegistry.breaker("backend", read.config().toBuilder().ticker(nanos::get).instantSource(wall).build());
            });
        CircuitBreaker ours = ourRegistry.find("backend").orElseThrow();
        MeterRegistry ourMeters = new SimpleMeterRegistry();
        new CircuitBreakerMetrics(ourRegistry, false, true).bindTo(ourMeters);

        io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry theirRegistry =
            io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults();
        io.github.resilience4j.circuitbreaker.CircuitBreaker theirs = theirRegistry.circuitBreaker("backend",
            theirConfig(yaml, wall));
        MeterRegistry theirMeters = new SimpleMeterRegistry();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(theirRegistry).bindTo(theirMeters);

        SplittableRandom random = new SplittableRandom(seed);
        for (int call = 1; call <= 200; call++) {
            nanos.addAndGet(random.nextInt(0, 400) * 1_000_000L + random.nextInt(1, 1_000_000));
            boolean permitted = ours.tryAcquirePermission();
            if (permitted != theirs.tryAcquirePermission()) {
                differences.add("seed " + seed + " call " + call + ": permission differs");
                return;
            }
            if (permitted) {
                long duration = random.nextBoolean() ? SLOW + 1 : SLOW - 1;
                int outcome = random.nextInt(10);
                if (outcome < 3) {
                    Throwable error = outcome == 0 ? new IllegalArgumentException("ignored") : new IOException("down");
                    ours.onError(duration, error);
                    theirs.onError(duration, TimeUnit.NANOSECONDS, error);
                } else {
                    ours.onSuccess(duration);
                    theirs.onSuccess(duration, TimeUnit.NANOSECONDS);
                }
            }
            boolean closed = ours.state() == CircuitState.CLOSED && theirs.getState()
                == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED;
            Map<String, Double> mine = meters(ourMeters, closed);
            Map<String, Double> theirsNow = meters(theirMeters, closed);
            assertThat(mine).as("6 state gauges, 4 window gauges, 2 rates, the rejections, 3 timers").hasSize(16);
            if (!mine.equals(theirsNow)) {
                differences.add(String.join(" ", yaml) + " seed " + seed + " call " + call + ":\n circuit      " + mine
                    + "\n Resilience4j " + theirsNow);
                return;
            }
        }
    }

    private static io.github.resilience4j.circuitbreaker.CircuitBreakerConfig theirConfig(String[] yaml, InstantSource wall) {
        Map<String, String> properties = new TreeMap<>();
        for (String line : yaml) {
            properties.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        var bound = new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(properties))
            .bind("resilience4j.circuitbreaker", io.github.resilience4j.common.circuitbreaker.configuration
                .CommonCircuitBreakerConfigurationProperties.class).get();
        var config = bound.createCircuitBreakerConfig("backend", bound.findCircuitBreakerProperties("backend").orElse(null),
            new io.github.resilience4j.common.CompositeCustomizer<>(List.of()));
        return io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(config)
            .clock(wall.withZone(ZoneOffset.UTC)).build();
    }

    /** Resilience4j's meters by name and tags; the window's and the rates only while CLOSED. */
    private static Map<String, Double> meters(MeterRegistry registry, boolean closed) {
        Map<String, Double> values = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            if (!name.startsWith("resilience4j.circuitbreaker.")) {
                continue;
            }
            boolean window = name.endsWith("buffered.calls") || name.endsWith("slow.calls") || name.endsWith("rate");
            String id = name + meter.getId().getTags().stream().map(Tag::toString).collect(Collectors.joining(",", "{", "}"));
            double value = meter instanceof Timer timer ? timer.count() : meter.measure().iterator().next().getValue();
            values.put(id, window && !closed ? Double.NaN : Math.round(value * 1000) / 1000.0);
        }
        return values;
    }
}
