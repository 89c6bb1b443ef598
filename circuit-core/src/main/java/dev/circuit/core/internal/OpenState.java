package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitEvent.Cause;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;

import java.time.Duration;
import java.time.Instant;

/**
 * OPEN: calls are rejected with one pre-built exception until the open duration has passed; the
 * first permission request after that moves the circuit to HALF_OPEN (no timer thread). With manual
 * recovery it stays open until an operator acts.
 */
final class OpenState extends BreakerState {

    private final int attempt;
    private final int consecutiveFailures;
    private final long openedAtNanos;
    private final long openNanos;
    private final Instant openedAt;
    private final CircuitOpenException rejection;

    /**
     * @param attempt             failed recoveries before this opening (0 the first time), drives the backoff
     * @param consecutiveFailures failures since the last success, kept for observation
     * @param openNanos           how long this opening lasts
     */
    OpenState(StateMachine machine, CircuitBreakerConfig config, int attempt, int consecutiveFailures,
              long openedAtNanos, long openNanos, Instant openedAt) {
        super(machine, config);
        this.attempt = attempt;
        this.consecutiveFailures = consecutiveFailures;
        this.openedAtNanos = openedAtNanos;
        this.openNanos = openNanos;
        this.openedAt = openedAt;
        this.rejection = new CircuitOpenException(machine.name(), CircuitState.OPEN, nextAttemptAt());
    }

    /**
     * How long an opening lasts: the recovery timeout, multiplied by the backoff multiplier once per
     * failed recovery, capped at the maximum, then spread by the jitter.
     *
     * @param config   the configuration
     * @param attempt  failed recoveries so far
     * @param random01 a random number in [0, 1)
     * @return the open duration in nanoseconds, at least 1
     */
    static long openNanos(CircuitBreakerConfig config, int attempt, double random01) {
        if (config.openDuration() != null) {
            Duration duration = config.openDuration().of(attempt);
            return duration == null ? 1L : Math.max(1L, duration.toNanos());
        }
        double base = config.recoveryTimeout().toNanos() * Math.pow(config.backoffMultiplier(), attempt);
        double capped = Math.min(base, config.maxRecoveryTimeout().toNanos());
        double spread = capped * (1 + config.jitter() * (2 * random01 - 1));
        return Math.max(1L, (long) spread);
    }

    private boolean recoveryDue() {
        return !config.manualRecovery() && config.ticker().getAsLong() - openedAtNanos >= openNanos;
    }

    @Override
    CircuitState kind() {
        return CircuitState.OPEN;
    }

    @Override
    CircuitState circuitState() {
        return recoveryDue() ? CircuitState.HALF_OPEN : CircuitState.OPEN;
    }

    @Override
    int tryAcquire() {
        return halfOpenIfDue() ? RETRY : REJECTED;
    }

    @Override
    boolean advance() {
        return config.automaticHalfOpen() && halfOpenIfDue();
    }

    /** Moves to HALF_OPEN when the open duration passed and the probe gate agrees; whether it was due. */
    private boolean halfOpenIfDue() {
        if (!recoveryDue() || !machine.mayProbe()) {
            return false;
        }
        machine.transition(this, HalfOpen.enter(machine, config, attempt, consecutiveFailures), Cause.TIMER,
            "recovery timeout of " + Durations.format(Duration.ofNanos(openNanos)) + " elapsed", null);
        return true;
    }

    /** A recovery probe is due once the timeout elapsed: the circuit goes HALF_OPEN, where it takes a slot. */
    @Override
    int tryAcquireProbe() {
        return tryAcquire();
    }

    @Override
    boolean wouldPermit() {
        return recoveryDue();
    }



    @Override
    CircuitOpenException rejection() {
        return rejection;
    }

    @Override
    BreakerState reconfigured(CircuitBreakerConfig newConfig) {
        return new OpenState(machine, newConfig, attempt, consecutiveFailures, openedAtNanos, openNanos, openedAt);
    }

    @Override
    int consecutiveFailures() {
        return consecutiveFailures;
    }

    @Override
    Instant openedAt() {
        return openedAt;
    }

    @Override
    Instant nextAttemptAt() {
        return config.manualRecovery() ? null : openedAt.plusNanos(openNanos);
    }
}
