package dev.circuit.core;

/**
 * A check that validates a dependency's recovery without sacrificing a user's call: a validation
 * query, a health endpoint. With one configured ({@link CircuitBreakerConfig.Builder#recoveryProbe}),
 * {@link CircuitBreaker#probeNow()} runs it as the HALF_OPEN probe, and user calls are rejected in
 * HALF_OPEN instead of being used as probes.
 */
@FunctionalInterface
public interface RecoveryProbe {

    /**
     * Checks the dependency.
     *
     * @return true when it has recovered; false when it is still down
     * @throws Exception when the check fails, which counts as still down
     */
    boolean check() throws Exception;
}
