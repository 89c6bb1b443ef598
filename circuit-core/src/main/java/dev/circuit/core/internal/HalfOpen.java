package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitEvent.Cause;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import dev.circuit.core.HalfOpenPolicy;

import java.time.Duration;

/**
 * What the HALF_OPEN states of both {@link HalfOpenPolicy policies} share: the failed recoveries and
 * failures they carry, when they began, their one rejection, and their end when they outlive
 * {@code maxHalfOpenDuration}.
 */
abstract class HalfOpen extends BreakerState {

    /** Failed recoveries so far; re-opening counts one more. */
    final int attempt;
    /** Failures since the last success, kept for observation. */
    final int consecutiveFailures;
    /** When the state began, on the ticker. */
    final long enteredNanos;
    private final CircuitOpenException rejection;

    HalfOpen(StateMachine machine, CircuitBreakerConfig config, int attempt, int consecutiveFailures) {
        super(machine, config);
        this.attempt = attempt;
        this.consecutiveFailures = consecutiveFailures;
        this.enteredNanos = config.ticker().getAsLong();
        this.rejection = new CircuitOpenException(machine.name(), CircuitState.HALF_OPEN,
            config.instantSource().instant());
    }

    /**
     * The HALF_OPEN state of the configuration's {@link HalfOpenPolicy}.
     *
     * @param attempt             failed recoveries so far
     * @param consecutiveFailures failures since the last success
     * @return the state
     */
    static BreakerState enter(StateMachine machine, CircuitBreakerConfig config, int attempt, int consecutiveFailures) {
        return config.halfOpenPolicy() == HalfOpenPolicy.RATE
            ? new RateHalfOpenState(machine, config, attempt, consecutiveFailures)
            : new HalfOpenState(machine, config, attempt, consecutiveFailures);
    }

    @Override
    final CircuitState kind() {
        return CircuitState.HALF_OPEN;
    }

    /** Ends the state once it outlived {@code maxHalfOpenDuration}, moving to the configured state. */
    @Override
    final boolean advance() {
        Duration max = config.maxHalfOpenDuration();
        if (max == null || config.ticker().getAsLong() - enteredNanos < max.toNanos()) {
            return false;
        }
        String reason = "half-open for " + Durations.format(max) + " without a decision";
        if (config.stateAfterMaxHalfOpen() == CircuitState.CLOSED) {
            machine.transition(this, ClosedState.fresh(machine, config), Cause.TIMER, reason, null);
        } else {
            machine.open(this, Cause.TIMER, attempt + 1, consecutiveFailures, reason, null);
        }
        return true;
    }

    @Override
    final CircuitOpenException rejection() {
        return rejection;
    }

    @Override
    final int consecutiveFailures() {
        return consecutiveFailures;
    }

    @Override
    final BreakerState reconfigured(CircuitBreakerConfig newConfig) {
        return enter(machine, newConfig, attempt, consecutiveFailures);
    }
}
