package dev.circuit.sample.chaos;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Faults injected at the real boundaries (the JDBC DataSource, the Kafka producer, the HTTP clients),
 * so that the breakers react to real exceptions. Nothing is injected unless someone sets a fault:
 * {@code POST /chaos/{dependency}} in the demo profile, or a test.
 */
@Component
public class Chaos {

    /** The dependencies faults can be injected into; the names of their breakers. */
    public static final Set<String> DEPENDENCIES = Set.of("database", "kafka", "health_check", "metrics_export", "pipeline");

    /**
     * One dependency's fault.
     *
     * @param failureRate the fraction of calls that fail, in [0, 1]; 0 when not given
     * @param latencyMs   the delay added to every call, in milliseconds, in [0, 60000]; 0 when not given
     */
    public record Fault(double failureRate, long latencyMs) {

        /** No fault. */
        public static final Fault NONE = new Fault(0, 0);

        /**
         * Checks the ranges.
         *
         * @param failureRate the fraction of calls that fail, in [0, 1]
         * @param latencyMs   the delay added to every call, in milliseconds, at most 60000
         */
        public Fault {
            if (failureRate < 0 || failureRate > 1) {
                throw new IllegalArgumentException("failureRate must be in [0, 1], but was " + failureRate);
            }
            if (latencyMs < 0 || latencyMs > 60_000) {
                throw new IllegalArgumentException("latencyMs must be in [0, 60000], but was " + latencyMs);
            }
        }
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    /**
     * Sets the fault of a dependency.
     *
     * @param dependency one of {@link #DEPENDENCIES}
     * @param fault      the fault; {@link Fault#NONE} heals it
     */
    public void set(String dependency, Fault fault) {
        if (!DEPENDENCIES.contains(dependency)) {
            throw new IllegalArgumentException("Unknown dependency '" + dependency + "'; known: " + new TreeMap<>(all()).keySet());
        }
        faults.put(dependency, fault);
    }

    /** Heals every dependency. */
    public void clear() {
        faults.clear();
    }

    /** @return every dependency's fault */
    public Map<String, Fault> all() {
        Map<String, Fault> all = new TreeMap<>();
        DEPENDENCIES.forEach(dependency -> all.put(dependency, faults.getOrDefault(dependency, Fault.NONE)));
        return all;
    }

    /**
     * Applies the fault of a dependency to one call: waits for the latency, then says whether the call fails.
     *
     * @param dependency the dependency
     * @return true when this call must fail
     */
    public boolean strikes(String dependency) {
        pause(latencyMs(dependency));
        return fails(dependency);
    }

    /**
     * Whether one call of a dependency fails, without the latency (which an HTTP stand-in adds itself,
     * on the server side, so that the client's timeouts see it).
     *
     * @param dependency the dependency
     * @return true when this call must fail
     */
    public boolean fails(String dependency) {
        Fault fault = faults.get(dependency);
        return fault != null && fault.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.failureRate();
    }

    /**
     * @param dependency the dependency
     * @return the latency of its fault, in milliseconds
     */
    public long latencyMs(String dependency) {
        Fault fault = faults.get(dependency);
        return fault == null ? 0 : fault.latencyMs();
    }

    /** @param millis how long to wait */
    public static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
