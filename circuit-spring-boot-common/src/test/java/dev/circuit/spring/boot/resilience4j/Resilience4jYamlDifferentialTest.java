package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.common.circuitbreaker.configuration.CommonCircuitBreakerConfigurationProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same random {@code resilience4j.circuitbreaker.*} YAML read by circuit and by Resilience4j 2.4.0's
 * own reading of it (its Spring Boot starters' {@code CommonCircuitBreakerConfigurationProperties}), then
 * the same random calls (successes, slow calls, recorded, unrecorded and ignored errors, time passing
 * through OPEN and HALF_OPEN, exponential backoff, automatic transitions, an ignore predicate) through both breakers: after every call they agree on the permission and on
 * the state.
 */
class Resilience4jYamlDifferentialTest {

    private static final long SLOW_NANOS = Duration.ofMillis(500).toNanos();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void randomYamlAndCallsAgreeWithResilience4jAfterEveryCall() {
        SplittableRandom random = new SplittableRandom(2026);
        List<String> differences = new ArrayList<>();
        int halfOpenDecisions = 0;
        for (int sequence = 0; sequence < 120 && differences.size() < 5; sequence++) {
            Map<String, String> yaml = randomYaml(random);
            halfOpenDecisions += run(yaml, random.nextLong(), differences);
        }
        assertThat(differences).isEmpty();
        assertThat(halfOpenDecisions).as("sequences that went through HALF_OPEN's decision").isGreaterThan(100);
    }

    private static Map<String, String> randomYaml(SplittableRandom random) {
        Map<String, String> yaml = new LinkedHashMap<>();
        String d = "resilience4j.circuitbreaker.configs.default.";
        String i = "resilience4j.circuitbreaker.instances.backend.";
        boolean time = random.nextBoolean();
        yaml.put(d + "sliding-window-type", time ? "TIME_BASED" : "COUNT_BASED");
        yaml.put(d + "sliding-window-size", String.valueOf(time ? random.nextInt(1, 10) : random.nextInt(1, 25)));
        yaml.put(d + "failure-rate-threshold", String.valueOf(random.nextInt(1, 101)));
        yaml.put(i + "minimum-number-of-calls", String.valueOf(random.nextInt(1, 25)));
        yaml.put(i + "wait-duration-in-open-state", random.nextInt(1, 15) + "s");
        yaml.put(i + "permitted-number-of-calls-in-half-open-state", String.valueOf(random.nextInt(1, 8)));
        if (random.nextBoolean()) {
            yaml.put(i + "slow-call-rate-threshold", String.valueOf(random.nextInt(1, 101)));
            yaml.put(i + "slow-call-duration-threshold", "500ms");
        }
        if (random.nextBoolean()) {
            yaml.put(i + "record-exceptions", "java.io.IOException");
        }
        if (random.nextBoolean()) {
            yaml.put(d + "ignore-exceptions", "java.lang.IllegalArgumentException");
        }
        if (random.nextInt(4) == 0) {
            yaml.put(i + "ignore-exception-predicate", IgnoresIllegalState.class.getName());
        }
        if (random.nextInt(3) == 0) {
            yaml.put(i + "enable-exponential-backoff", "true");
            if (random.nextBoolean()) {
                yaml.put(i + "exponential-backoff-multiplier", String.valueOf(random.nextInt(11, 40) / 10.0));
            }
            if (random.nextBoolean()) {
                yaml.put(i + "exponential-max-wait-duration-in-open-state", random.nextInt(5, 60) + "s");
            }
        }
        if (random.nextInt(4) == 0) {
            // Resilience4j's own timer waits real seconds: it does not fire while a sequence runs
            yaml.put(d + "automatic-transition-from-open-to-half-open-enabled", "true");
        }
        return yaml;
    }

    /** @return how many times HALF_OPEN decided */
    private static int run(Map<String, String> yaml, long seed, List<String> differences) {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        CircuitBreaker[] ours = new CircuitBreaker[1];
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CircuitAutoConfiguration.class,
                CircuitResilience4jAutoConfiguration.class))
            .withPropertyValues(yaml.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new))
            .run(context -> {
                assertThat(context).hasNotFailed();
                CircuitBreaker read = context.getBean(CircuitBreakerRegistry.class).find("backend").orElseThrow();
                ours[0] = CircuitBreaker.of("backend", read.config().toBuilder().ticker(nanos::get)
                    .instantSource(wall(nanos)).build());
            });
        CommonCircuitBreakerConfigurationProperties theirProperties = new Binder(new MapConfigurationPropertySource(yaml))
            .bind("resilience4j.circuitbreaker", Bindable.of(CommonCircuitBreakerConfigurationProperties.class)).get();
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig theirConfig = theirProperties.createCircuitBreakerConfig(
            "backend", theirProperties.findCircuitBreakerProperties("backend").orElse(null), new CompositeCustomizer<>(List.of()));
        io.github.resilience4j.circuitbreaker.CircuitBreaker theirs = io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
            "backend", io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.from(theirConfig)
                .clock(wall(nanos).withZone(ZoneOffset.UTC)).build());

        SplittableRandom random = new SplittableRandom(seed);
        double failureChance = random.nextDouble(0.0, 0.8);
        int decisions = 0;
        for (int call = 1; call <= 300; call++) {
            // circuit's recovery is due at exactly the wait, Resilience4j's just after it: steps carry random
            // nanoseconds, so that no call lands on that one instant
            nanos.addAndGet(random.nextInt(0, 2_000) * 1_000_000L + random.nextInt(1, 1_000_000));
            CircuitState before = ours[0].state();
            boolean oursPermitted = ours[0].tryAcquirePermission();
            boolean theirsPermitted = theirs.tryAcquirePermission();
            if (oursPermitted != theirsPermitted) {
                differences.add(yaml + " seed " + seed + ", call " + call + ": permitted by circuit " + oursPermitted);
                return decisions;
            }
            if (oursPermitted) {
                long duration = random.nextBoolean() ? SLOW_NANOS - 1 : SLOW_NANOS + 1;
                if (random.nextDouble() < failureChance) {
                    Throwable error = switch (random.nextInt(3)) {
                        case 0 -> new IOException("down");
                        case 1 -> new IllegalStateException("not recorded unless everything is");
                        default -> new IllegalArgumentException("ignored where configured");
                    };
                    ours[0].onError(duration, error);
                    theirs.onError(duration, TimeUnit.NANOSECONDS, error);
                } else {
                    ours[0].onSuccess(duration);
                    theirs.onSuccess(duration, TimeUnit.NANOSECONDS);
                }
            }
            CircuitState after = ours[0].state();
            if (!after.name().equals(theirs.getState().name())) {
                differences.add(yaml + " seed " + seed + ", call " + call + ": circuit " + after + ", Resilience4j "
                    + theirs.getState());
                return decisions;
            }
            if (before == CircuitState.HALF_OPEN && after != CircuitState.HALF_OPEN) {
                decisions++;
            }
        }
        return decisions;
    }

    /** An ignore predicate, as a Resilience4j user writes one. */
    public static class IgnoresIllegalState implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable error) {
            return error instanceof IllegalStateException;
        }
    }

    /** The test's wall clock, in step with its ticker. */
    private static InstantSource wall(AtomicLong nanos) {
        return () -> START.plusNanos(nanos.get());
    }
}
