package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What counting calls in flight costs on the CLOSED path, every call succeeding, one thread: the default
 * consecutive-failure policy without and with {@code maxConcurrentCalls}, and the slow-call-rate policy (which
 * tracks calls in flight by age), beside Resilience4j's consecutive-failure equivalent in the same JVM.
 * {@link CallsInFlightFourThreadsBenchmark} runs the same on four threads sharing the breakers.
 */
@State(Scope.Benchmark)
@Threads(1)
public class CallsInFlightBenchmark extends JmhSettings {

    @Param({"consecutive", "consecutive_cap", "slow_rate"})
    public String policy;

    private Object value;
    private Callable<Object> work;
    private CircuitBreaker circuit;
    private Supplier<Object> resilience4j;

    @Setup
    public void setUp() {
        value = new Object();
        work = () -> value;
        circuit = Breakers.circuit(policy);
        Supplier<Object> plain = () -> value;
        resilience4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
            Breakers.resilience4j("consecutive", SlidingWindowSynchronizationStrategy.SYNCHRONIZED, true), plain);
    }

    @Benchmark
    public Object circuit() throws Exception {
        return circuit.call(work);
    }

    @Benchmark
    public Object resilience4jConsecutive() {
        return resilience4j.get();
    }
}
