package dev.circuit.core;

import dev.circuit.core.internal.BreakerState;
import dev.circuit.core.internal.StateMachine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One named circuit breaker. It permits or rejects calls to a dependency and learns from their
 * outcomes: enough failures open the circuit, so that calls fail fast with
 * {@link CircuitOpenException} instead of piling up on a dependency that is down; after the recovery
 * timeout a few probe calls test the dependency, and their success closes the circuit again.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.of("database", CircuitBreakerConfig.defaults());
 * Order order = breaker.call(() -> repository.find(id));
 * }</pre>
 *
 * <p>All methods are thread safe. In the CLOSED state a call takes no lock and allocates nothing
 * beyond what the protected code does.
 */
public final class CircuitBreaker {

    private final String name;
    private final StateMachine machine;

    private CircuitBreaker(String name, CircuitBreakerConfig config) {
        this.name = name;
        this.machine = new StateMachine(this, name, config);
    }

    /**
     * Creates a breaker, CLOSED.
     *
     * @param name   its name, used in exceptions, events and metrics
     * @param config its configuration
     * @return the breaker
     */
    public static CircuitBreaker of(String name, CircuitBreakerConfig config) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A circuit breaker needs a non-blank name, but got '" + name + "'");
        }
        return new CircuitBreaker(name, Objects.requireNonNull(config, "config"));
    }

    /** @return the breaker's name */
    public String name() {
        return name;
    }

    /** @return the configuration in force */
    public CircuitBreakerConfig config() {
        return machine.config();
    }

    /**
     * The current state. An OPEN circuit whose recovery timeout has passed reports
     * {@link CircuitState#HALF_OPEN}: the next call will be a probe.
     *
     * @return the state
     */
    public CircuitState state() {
        return machine.state();
    }

    // ---- ways to call -----------------------------------------------------------------------

    /**
     * Calls the callable if the circuit permits it and records the outcome.
     *
     * @param callable the protected call
     * @param <T>      the result type
     * @return what the callable returned
     * @throws CircuitOpenException when the call is rejected
     * @throws Exception            whatever the callable threw, unchanged
     */
    public <T> T call(Callable<T> callable) throws Exception {
        BreakerState permit = machine.acquire();
        boolean timed = machine.timed();
        long start = timed ? machine.config().ticker().getAsLong() : 0L;
        long token = timed ? machine.enter(permit, start) : StateMachine.NOT_COUNTED;
        T result;
        try {
            result = callable.call();
        } catch (Throwable error) {
            machine.onError(permit, token, elapsed(timed, start), error);
            throw error;
        }
        machine.onResult(permit, token, elapsed(timed, start), result);
        return result;
    }

    /**
     * Runs the runnable if the circuit permits it and records the outcome.
     *
     * @param runnable the protected call
     * @throws CircuitOpenException when the call is rejected
     */
    public void run(Runnable runnable) {
        BreakerState permit = machine.acquire();
        boolean timed = machine.timed();
        long start = timed ? machine.config().ticker().getAsLong() : 0L;
        long token = timed ? machine.enter(permit, start) : StateMachine.NOT_COUNTED;
        try {
            runnable.run();
        } catch (Throwable error) {
            machine.onError(permit, token, elapsed(timed, start), error);
            throw error;
        }
        machine.onSuccess(permit, token, elapsed(timed, start));
    }

    /**
     * Wraps a supplier so that each of its calls goes through this breaker.
     *
     * @param supplier the protected call
     * @param <T>      the result type
     * @return a supplier that throws {@link CircuitOpenException} when a call is rejected
     */
    public <T> Supplier<T> decorate(Supplier<T> supplier) {
        return () -> {
            BreakerState permit = machine.acquire();
            boolean timed = machine.timed();
            long start = timed ? machine.config().ticker().getAsLong() : 0L;
            long token = timed ? machine.enter(permit, start) : StateMachine.NOT_COUNTED;
            T result;
            try {
                result = supplier.get();
            } catch (Throwable error) {
                machine.onError(permit, token, elapsed(timed, start), error);
                throw error;
            }
            machine.onResult(permit, token, elapsed(timed, start), result);
            return result;
        };
    }

    /**
     * Starts an asynchronous call if the circuit permits it; the outcome is recorded when the stage
     * completes.
     *
     * @param supplier starts the call
     * @param <T>      the result type
     * @return a stage with the call's outcome, recorded before the stage completes; failed with
     *     {@link CircuitOpenException} when the call is rejected
     */
    public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> supplier) {
        BreakerState permit;
        try {
            permit = machine.acquire();
        } catch (CircuitOpenException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        long start = machine.config().ticker().getAsLong();
        long token;
        try {
            token = machine.enter(permit, start);
        } catch (CircuitOpenException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        CompletionStage<T> stage;
        try {
            stage = supplier.get();
        } catch (Throwable error) {
            machine.onError(permit, token, machine.config().ticker().getAsLong() - start, error);
            return CompletableFuture.failedFuture(error);
        }
        return stage.whenComplete((result, error) -> {
            long duration = machine.config().ticker().getAsLong() - start;
            if (error == null) {
                machine.onResult(permit, token, duration, result);
            } else {
                machine.onError(permit, token, duration, unwrap(error));
            }
        });
    }

    /**
     * Calls the callable if the circuit permits it; on rejection or on any exception, returns what the
     * fallback makes of it instead. Errors ({@link Error}) are not caught.
     *
     * @param callable the protected call
     * @param fallback gets the {@link CircuitOpenException} or the callable's exception
     * @param <T>      the result type
     * @return the callable's or the fallback's result
     */
    public <T> T callWithFallback(Callable<T> callable, Function<? super Exception, ? extends T> fallback) {
        try {
            return call(callable);
        } catch (Exception error) {
            return fallback.apply(error);
        }
    }

    // ---- for code that cannot be wrapped ----------------------------------------------------

    /**
     * Asks for permission to make a call. Every {@code true} must be followed by exactly one of
     * {@link #onSuccess(long)} or {@link #onError(long, Throwable)}; in HALF_OPEN it holds a probe slot.
     *
     * @return whether the call may go ahead; a {@code false} counts as a rejection
     */
    public boolean tryAcquirePermission() {
        try {
            acquirePermission();
            return true;
        } catch (CircuitOpenException rejected) {
            return false; // a shared instance without a stack trace: nothing was allocated
        }
    }

    /**
     * Asks for permission to make a call, like {@link #tryAcquirePermission()}, but throws the
     * rejection, which carries the state and the next attempt time.
     *
     * @throws CircuitOpenException when the call is rejected
     */
    public void acquirePermission() {
        BreakerState permit = machine.acquire();
        if (machine.timed()) {
            machine.enter(permit, machine.config().ticker().getAsLong());
        }
    }

    /**
     * Gives back a permission whose call was cancelled before it had an outcome; it counts as
     * neither success nor failure, and frees its HALF_OPEN probe slot.
     */
    public void releasePermission() {
        machine.release();
    }

    /**
     * Records the success of a call permitted by {@link #tryAcquirePermission()}.
     *
     * @param durationNanos how long the call took, in nanoseconds
     */
    public void onSuccess(long durationNanos) {
        machine.onSuccess(machine.current(), machine.tokenOf(durationNanos), durationNanos);
    }

    /**
     * Records the value returned by a call permitted by {@link #tryAcquirePermission()}: a failure
     * when the configured result predicate says so, a success otherwise.
     *
     * @param durationNanos how long the call took, in nanoseconds
     * @param result        what the call returned
     */
    public void onResult(long durationNanos, Object result) {
        machine.onResult(machine.current(), machine.tokenOf(durationNanos), durationNanos, result);
    }

    /**
     * Records the error of a call permitted by {@link #tryAcquirePermission()}; the configuration
     * decides whether it counts as a failure or is ignored.
     *
     * @param durationNanos how long the call took, in nanoseconds
     * @param error         what the call threw
     */
    public void onError(long durationNanos, Throwable error) {
        machine.onError(machine.current(), machine.tokenOf(durationNanos), durationNanos, error);
    }

    /**
     * The simple form of {@link #tryAcquirePermission()}: {@code if (!breaker.isOpen()) { try { ...;
     * breaker.recordSuccess(); } catch (Exception e) { breaker.recordFailure(e); } }}. A {@code false}
     * grants a permission that must be followed by {@link #recordSuccess()} or
     * {@link #recordFailure(Throwable)}. To look at the state without asking for a permission, use
     * {@link #state()}.
     *
     * @return true when the call must not be made now
     */
    public boolean isOpen() {
        return !tryAcquirePermission();
    }

    /** Records a success of a call permitted by {@link #isOpen()}, with no duration. */
    public void recordSuccess() {
        onSuccess(0L);
    }

    /**
     * Records an error of a call permitted by {@link #isOpen()}, with no duration.
     *
     * @param error what the call threw
     */
    public void recordFailure(Throwable error) {
        onError(0L, error);
    }

    /**
     * Runs the configured {@link RecoveryProbe} as the HALF_OPEN probe, if one is due: the circuit is
     * OPEN and its recovery timeout elapsed (or HALF_OPEN) and a probe slot is free. It takes a probe
     * slot, so the probe timeout and backoff apply as to any probe. With manual recovery the check runs
     * while OPEN and its answer is only reported. Schedulers call it when the recovery timeout elapses.
     *
     * @return what the probe found, or {@link ProbeResult#NOT_DUE}
     * @throws IllegalStateException when no recovery probe is configured
     */
    public ProbeResult probeNow() {
        RecoveryProbe probe = machine.config().recoveryProbe();
        if (probe == null) {
            throw new IllegalStateException("Circuit breaker '" + name + "' has no recovery probe: set one with "
                + "CircuitBreakerConfig.Builder.recoveryProbe");
        }
        return machine.probe(probe);
    }

    // ---- operator control -------------------------------------------------------------------

    /** Closes the circuit and clears the failure counts, the window and the backoff. */
    public void reset() {
        machine.moveTo(CircuitState.CLOSED, "reset by operator", CircuitEvent.Cause.OPERATOR);
    }

    /** Holds the circuit open until an operator changes the state. */
    public void forceOpen() {
        machine.moveTo(CircuitState.FORCED_OPEN, "forced open by operator", CircuitEvent.Cause.OPERATOR);
    }

    /** Switches the breaker off: every call is permitted and counted, none trips it. */
    public void disable() {
        machine.moveTo(CircuitState.DISABLED, "disabled by operator", CircuitEvent.Cause.OPERATOR);
    }

    /**
     * Moves the circuit to a state; counts and backoff start afresh.
     *
     * @param target the state; {@link CircuitState#OPEN} starts a normal recovery timeout
     */
    public void transitionTo(CircuitState target) {
        transitionTo(target, "moved to " + target + " by operator");
    }

    /**
     * Moves the circuit to a state for a reason of the caller's; as {@link #transitionTo(CircuitState)}
     * otherwise. Like every operator action, listeners hear it ({@link CircuitListener#onOperatorAction})
     * even when the circuit is already in that state, and fleet mode passes it on to the other instances.
     *
     * @param target the state
     * @param reason why, for the event, the logs and the alerts
     */
    public void transitionTo(CircuitState target, String reason) {
        transitionTo(target, reason, CircuitEvent.Cause.OPERATOR);
    }

    /**
     * Moves the circuit to a state, saying who decided: {@link CircuitEvent.Cause#OPERATOR} (as
     * {@link #transitionTo(CircuitState, String)}) or {@link CircuitEvent.Cause#FLEET} (fleet mode applying
     * another instance's decision, which is no action of this instance's operator).
     *
     * @param target the state
     * @param reason why, for the event, the logs and the alerts
     * @param cause  OPERATOR or FLEET
     * @throws IllegalArgumentException for another cause: the engine's own transitions are not requested
     */
    public void transitionTo(CircuitState target, String reason, CircuitEvent.Cause cause) {
        if (cause != CircuitEvent.Cause.OPERATOR && cause != CircuitEvent.Cause.FLEET) {
            throw new IllegalArgumentException("cause must be OPERATOR or FLEET, not " + cause);
        }
        machine.moveTo(Objects.requireNonNull(target, "target"), Objects.requireNonNull(reason, "reason"), cause);
    }

    /**
     * Sets what decides whether this instance may probe when a recovery is due (fleet mode's probe
     * leases). It belongs to the breaker, not to its configuration: a reconfiguration keeps it.
     *
     * @param gate the gate, or null to let this instance always probe
     */
    public void probeGate(ProbeGate gate) {
        machine.probeGate(gate);
    }

    /** @return the probe gate, or null when this instance always probes */
    public ProbeGate probeGate() {
        return machine.probeGate();
    }

    /**
     * Opens the circuit until a given time, decided elsewhere (a fleet of instances sharing the
     * dependency opens it everywhere with the same next attempt); an OPEN circuit takes the new time
     * without a transition.
     *
     * @param nextAttemptAt when a probe may be attempted
     * @param reason        why, for the event, the logs and the alerts
     */
    public void openUntil(Instant nextAttemptAt, String reason) {
        machine.openUntil(Objects.requireNonNull(nextAttemptAt, "nextAttemptAt"), Objects.requireNonNull(reason, "reason"));
    }

    /**
     * Applies a new configuration at run time, keeping the state, the counts that still apply, the
     * listeners and the history.
     *
     * @param config the new configuration
     */
    public void reconfigure(CircuitBreakerConfig config) {
        machine.reconfigure(Objects.requireNonNull(config, "config"));
    }

    // ---- observation ------------------------------------------------------------------------

    /** @return an immutable picture of the breaker now */
    public CircuitSnapshot snapshot() {
        return machine.snapshot();
    }

    /** @return the last {@link CircuitBreakerConfig#historySize()} transitions and failures, oldest first */
    public List<CircuitEvent> history() {
        return machine.history();
    }

    /**
     * Adds a listener; it hears of everything from now on.
     *
     * @param listener the listener
     */
    public void addListener(CircuitListener listener) {
        machine.addListener(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public boolean removeListener(CircuitListener listener) {
        return machine.removeListener(listener);
    }

    /** @return the running figures, read directly without building a snapshot */
    public CircuitMetrics metrics() {
        return machine.metrics();
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + state() + "]";
    }

    private long elapsed(boolean timed, long start) {
        return timed ? machine.config().ticker().getAsLong() - start : 0L;
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
