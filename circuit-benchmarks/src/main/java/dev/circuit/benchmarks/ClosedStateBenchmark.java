package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
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
 * CLOSED state, every call succeeds: the overhead each library adds to a trivial call, on one thread.
 * {@link ClosedStateTwoThreadsBenchmark} runs the same on two threads sharing the breakers.
 */
@State(Scope.Benchmark)
@Threads(1)
public class ClosedStateBenchmark extends JmhSettings {

    @Param({"consecutive", "rate_window"})
    public String policy;

    private Object value;
    private Callable<Object> work;
    private CircuitBreaker circuit;
    private Supplier<Object> resilience4jSynchronized;
    private Supplier<Object> resilience4jLockFree;
    private FailsafeExecutor<Object> failsafe;
    private CheckedSupplier<Object> failsafeWork;

    @Setup
    public void setUp() {
        value = new Object();
        work = () -> value;
        circuit = Breakers.circuit(policy);
        Supplier<Object> plain = () -> value;
        resilience4jSynchronized = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
            Breakers.resilience4j(policy, SlidingWindowSynchronizationStrategy.SYNCHRONIZED, true), plain);
        resilience4jLockFree = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
            Breakers.resilience4j(policy, SlidingWindowSynchronizationStrategy.LOCK_FREE, true), plain);
        failsafe = Breakers.failsafe(Breakers.failsafeBreaker(policy));
        failsafeWork = () -> value;
    }

    @Benchmark
    public Object baseline() throws Exception {
        return work.call();
    }

    @Benchmark
    public Object circuit() throws Exception {
        return circuit.call(work);
    }

    @Benchmark
    public Object resilience4jSynchronized() {
        return resilience4jSynchronized.get();
    }

    @Benchmark
    public Object resilience4jLockFree() {
        return resilience4jLockFree.get();
    }

    @Benchmark
    public Object failsafe() {
        return failsafe.get(failsafeWork);
    }
}
