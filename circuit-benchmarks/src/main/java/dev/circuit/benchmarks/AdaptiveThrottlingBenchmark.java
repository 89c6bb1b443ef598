package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.Callable;

/**
 * The CLOSED-state call with adaptive throttling on (K = 2) and off, every call succeeding: what the
 * throttle's bookkeeping (a request and an accept counted in a time window, the probability checked
 * on every permission) adds to the hot path. {@link AdaptiveThrottlingTwoThreadsBenchmark} runs the
 * same on two threads.
 */
@State(Scope.Benchmark)
@Threads(1)
public class AdaptiveThrottlingBenchmark extends JmhSettings {

    /** Whether adaptive throttling is on. */
    @Param({"off", "on"})
    public String throttling;

    private Callable<Object> work;
    private CircuitBreaker circuit;

    @Setup
    public void setUp() {
        Object value = new Object();
        work = () -> value;
        circuit = CircuitBreaker.of("bench", CircuitBreakerConfig.builder().recoveryTimeout(Breakers.LONG)
            .adaptiveThrottling(throttling.equals("on") ? 2.0 : 0.0).build());
    }

    @Benchmark
    public Object circuit() throws Exception {
        return circuit.call(work);
    }
}
