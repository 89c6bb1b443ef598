package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitState;

/** DISABLED: an operator switched the breaker off; every call is permitted and counted, none trips it. */
final class DisabledState extends BreakerState {

    DisabledState(StateMachine machine, CircuitBreakerConfig config) {
        super(machine, config);
    }

    @Override
    CircuitState kind() {
        return CircuitState.DISABLED;
    }

    @Override
    int tryAcquire() {
        return PERMITTED;
    }

    @Override
    boolean wouldPermit() {
        return true;
    }



    @Override
    BreakerState reconfigured(CircuitBreakerConfig newConfig) {
        return new DisabledState(machine, newConfig);
    }
}
