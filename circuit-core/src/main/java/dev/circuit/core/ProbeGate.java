package dev.circuit.core;

/**
 * Decides, when an OPEN circuit's recovery timeout elapses, whether this breaker may probe now: a fleet
 * of instances sharing one dependency lets one of them probe at a time. It is asked only on that rare
 * path, never on a CLOSED call, and must answer from memory (a lease it holds), never by a remote call.
 * Until it says yes, the circuit stays OPEN and rejects.
 */
@FunctionalInterface
public interface ProbeGate {

    /**
     * @param breaker the breaker whose recovery timeout elapsed
     * @return true when this instance may probe now
     */
    boolean mayProbe(CircuitBreaker breaker);
}
