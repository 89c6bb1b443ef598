package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.function.CheckedSupplier;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;

import static io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * CLOSED state with one call in ten failing: below every threshold, so the circuit stays closed and
 * the failure path is measured as often as it occurs in a degraded but working dependency. The
 * failure is a pre-built exception without a stack trace, so that only the libraries' own costs count.
 */
@State(Scope.Benchmark)
public class FailureMixBenchmark extends JmhSettings {

    static final IOException FAILURE = new IOException("injected") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    @Param({"consecutive", "rate_window"})
    public String policy;

    private int calls;
    private Object value;
    private Callable<Object> work;
    private CircuitBreaker circuit;
    private Callable<Object> resilience4jSynchronized;
    private Callable<Object> resilience4jLockFree;
    private FailsafeExecutor<Object> failsafe;
    private CheckedSupplier<Object> failsafeWork;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jSynchronized;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker r4jLockFree;
    private dev.failsafe.CircuitBreaker<Object> failsafeBreaker;

    private Object next() throws IOException {
        if (++calls % 10 == 0) {
            throw FAILURE;
        }
        return value;
    }

    @Setup
    public void setUp() {
        value = new Object();
        work = this::next;
        circuit = Breakers.circuit(policy);
        r4jSynchronized = Breakers.resilience4j(policy, SlidingWindowSynchronizationStrategy.SYNCHRONIZED, true);
        resilience4jSynchronized = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateCallable(r4jSynchronized, work);
        r4jLockFree = Breakers.resilience4j(policy, SlidingWindowSynchronizationStrategy.LOCK_FREE, true);
        resilience4jLockFree = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateCallable(r4jLockFree, work);
        failsafeBreaker = Breakers.failsafeBreaker(policy);
        failsafe = Breakers.failsafe(failsafeBreaker);
        failsafeWork = this::next;
    }

    @Benchmark
    public Object baseline() {
        try {
            return work.call();
        } catch (Exception e) {
            return e;
        }
    }

    @Benchmark
    public Object circuit() {
        try {
            return circuit.call(work);
        } catch (Exception e) {
            return e;
        }
    }

    @Benchmark
    public Object resilience4jSynchronized() {
        try {
            return resilience4jSynchronized.call();
        } catch (Exception e) {
            return e;
        }
    }

    @Benchmark
    public Object resilience4jLockFree() {
        try {
            return resilience4jLockFree.call();
        } catch (Exception e) {
            return e;
        }
    }

    @Benchmark
    public Object failsafe() {
        try {
            return failsafe.get(failsafeWork);
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The mix stays below every threshold: a benchmark whose breaker opened would measure rejections. */
    @TearDown
    public void checkStillClosed() {
        if (circuit.state() != dev.circuit.core.CircuitState.CLOSED || r4jSynchronized.getState() != CLOSED
            || r4jLockFree.getState() != CLOSED || !failsafeBreaker.isClosed()) {
            throw new IllegalStateException("a breaker opened during the failure mix");
        }
    }
}
