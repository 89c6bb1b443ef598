package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.Callable;

/**
 * The CLOSED-state call of a breaker as fleet mode leaves it ({@code fleet}: a probe gate in its
 * configuration and a listener of transitions, as {@code dev.circuit.spring.cluster.Fleet} installs)
 * against the same breaker in local mode: fleet mode adds nothing to the call path.
 */
@State(Scope.Benchmark)
@Threads(1)
public class FleetModeBenchmark extends JmhSettings {

    /** Local breakers, or the fleet's additions. */
    @Param({"local", "fleet"})
    public String mode;

    private Callable<Object> work;
    private CircuitBreaker circuit;

    @Setup
    public void setUp() {
        Object value = new Object();
        work = () -> value;
        circuit = CircuitBreaker.of("bench", CircuitBreakerConfig.builder().recoveryTimeout(Breakers.LONG).build());
        if (mode.equals("fleet")) {
            circuit.probeGate(breaker -> false);
            circuit.addListener(new CircuitListener() {
                @Override
                public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
                    // a fleet publishes transitions; calls are not heard
                }
            });
        }
    }

    @Benchmark
    public Object circuit() throws Exception {
        return circuit.call(work);
    }
}
