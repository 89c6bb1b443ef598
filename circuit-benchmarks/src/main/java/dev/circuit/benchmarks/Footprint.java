package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.SlidingWindowType;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Retained heap per breaker: creates 10,000 breakers, keeps them, and divides the heap difference
 * after full collections by 10,000. A breaker's name (a short string, about 48 bytes) is counted as
 * part of it where the library keeps one. Run by {@code bench/run}; prints a Markdown table.
 */
public final class Footprint {

    private static final int COUNT = 10_000;

    private Footprint() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("| breaker | bytes per breaker |");
        System.out.println("| --- | ---: |");
        measure("circuit, default configuration", i -> CircuitBreaker.of("b" + i, CircuitBreakerConfig.defaults()));
        CircuitBreakerConfig window = CircuitBreakerConfig.builder().failureRateThreshold(0.5)
            .slidingWindow(SlidingWindowType.COUNT_BASED, 100).build();
        measure("circuit, count window of 100", i -> CircuitBreaker.of("b" + i, window));
        measure("Resilience4j, default configuration (count window of 100)",
            i -> io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("b" + i));
        measure("Failsafe, default configuration (1 consecutive failure)",
            i -> dev.failsafe.CircuitBreaker.ofDefaults());
        var failsafeWindow = dev.failsafe.CircuitBreaker.builder().withFailureThreshold(50, 100).build().getConfig();
        measure("Failsafe, 50 of the last 100 executions",
            i -> dev.failsafe.CircuitBreaker.builder(failsafeWindow).build());
    }

    private static void measure(String what, IntFunction<Object> create) throws InterruptedException {
        // Names and configurations are made before the baseline, so only the breakers count.
        List<Object> warm = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            warm.add(create.apply(i));
        }
        warm.clear();
        long before = usedAfterGc();
        List<Object> kept = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            kept.add(create.apply(i));
        }
        long after = usedAfterGc();
        System.out.printf(Locale.ROOT, "| %s | %d |%n", what, (after - before) / COUNT);
        if (kept.size() != COUNT) {
            throw new IllegalStateException();
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
