package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;

import java.time.Instant;

/** FORCED_OPEN: an operator holds the circuit open; every call is rejected until an operator acts. */
final class ForcedOpenState extends BreakerState {

    private final Instant openedAt;
    private final CircuitOpenException rejection;

    ForcedOpenState(StateMachine machine, CircuitBreakerConfig config, Instant openedAt) {
        super(machine, config);
        this.openedAt = openedAt;
        this.rejection = new CircuitOpenException(machine.name(), CircuitState.FORCED_OPEN, null);
    }

    @Override
    CircuitState kind() {
        return CircuitState.FORCED_OPEN;
    }

    @Override
    int tryAcquire() {
        return REJECTED;
    }

    @Override
    boolean wouldPermit() {
        return false;
    }



    @Override
    CircuitOpenException rejection() {
        return rejection;
    }

    @Override
    BreakerState reconfigured(CircuitBreakerConfig newConfig) {
        return new ForcedOpenState(machine, newConfig, openedAt);
    }

    @Override
    Instant openedAt() {
        return openedAt;
    }
}
