package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitState;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * OPEN state: the cost of a rejected call, exception included. Resilience4j is measured with its
 * default (a stack trace per rejection) and with {@code writableStackTraceEnabled(false)}.
 */
@State(Scope.Benchmark)
public class OpenStateBenchmark extends JmhSettings {

    private Callable<Object> work;
    private CircuitBreaker circuit;
    private Supplier<Object> resilience4j;
    private Supplier<Object> resilience4jNoStackTrace;
    private FailsafeExecutor<Object> failsafe;
    private CheckedSupplier<Object> failsafeWork;

    @Setup
    public void setUp() {
        Object value = new Object();
        work = () -> value;
        circuit = Breakers.circuit("consecutive");
        circuit.transitionTo(CircuitState.OPEN);
        var r4j = Breakers.resilience4j("consecutive", SlidingWindowSynchronizationStrategy.SYNCHRONIZED, true);
        r4j.transitionToOpenState();
        resilience4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(r4j, () -> value);
        var r4jQuiet = Breakers.resilience4j("consecutive", SlidingWindowSynchronizationStrategy.SYNCHRONIZED, false);
        r4jQuiet.transitionToOpenState();
        resilience4jNoStackTrace = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(r4jQuiet, () -> value);
        var failsafeBreaker = Breakers.failsafeBreaker("consecutive");
        failsafeBreaker.open();
        failsafe = Breakers.failsafe(failsafeBreaker);
        failsafeWork = () -> value;
    }

    /** Reference: one read of the clock, which deciding whether the recovery timeout has passed takes. */
    @Benchmark
    public long clockRead() {
        return System.nanoTime();
    }

    @Benchmark
    public Object circuit() {
        try {
            return circuit.call(work);
        } catch (Exception rejected) {
            return rejected;
        }
    }

    @Benchmark
    public Object resilience4j() {
        try {
            return resilience4j.get();
        } catch (RuntimeException rejected) {
            return rejected;
        }
    }

    @Benchmark
    public Object resilience4jNoStackTrace() {
        try {
            return resilience4jNoStackTrace.get();
        } catch (RuntimeException rejected) {
            return rejected;
        }
    }

    @Benchmark
    public Object failsafe() {
        try {
            return failsafe.get(failsafeWork);
        } catch (RuntimeException rejected) {
            return rejected;
        }
    }
}
