package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * CLOSED state, every call succeeds: the overhead each library adds to a trivial call, on one thread.
 * {@link ClosedStateTwoThreadsBenchmark} runs the same on two threads sharing the breakers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Threads(1)
public class ClosedStateBenchmark {

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
