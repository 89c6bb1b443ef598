package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitEvent.Cause;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitMetrics;
import dev.circuit.core.CircuitMetrics.WindowOutcome;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitSaturatedException;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.core.CircuitState;
import dev.circuit.core.ErrorCategory;
import dev.circuit.core.FailurePolicy;
import dev.circuit.core.FailedResultException;
import dev.circuit.core.ProbeGate;
import dev.circuit.core.ProbeResult;
import dev.circuit.core.RecoveryProbe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The machinery behind one {@link CircuitBreaker}: holds the current {@link BreakerState}, owns every
 * transition (a compare-and-set from the state that decided it, so each happens once), routes each
 * outcome to the state that permitted the call, keeps the totals, and tells listeners and the history.
 */
public final class StateMachine {

    /** The token of a call that is not counted in flight (ages are not tracked). */
    public static final long NOT_COUNTED = InFlightCalls.NOT_COUNTED;

    private final CircuitBreaker owner;
    private final String name;
    private final AtomicReference<BreakerState> state;
    private final ListenerSet listeners = new ListenerSet();
    private final LongAdder successes = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder saturatedCalls = new LongAdder();
    /** Failures by category, made with the first failure: a breaker that never failed keeps none. */
    private volatile LongAdder[] failuresByCategory;

    private static final VarHandle FAILURES_BY_CATEGORY;

    static {
        try {
            FAILURES_BY_CATEGORY = MethodHandles.lookup()
                .findVarHandle(StateMachine.class, "failuresByCategory", LongAdder[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private final CircuitMetrics metrics = new Metrics();
    private volatile EventHistory history;
    private volatile CircuitEvent lastFailure;
    /** Whether calls must be timed: a slow-call policy or a listener of outcomes needs their durations. */
    private volatile boolean timed;
    /** Decides whether this instance may probe when a recovery is due; null: it always may. */
    private volatile ProbeGate probeGate;
    /**
     * The calls in flight by when they started, made when a configuration first tracks call ages and kept from
     * then on, so that every call that entered it can leave it.
     */
    private volatile InFlightCalls inFlight;
    /** The calls in flight under a cap on them; counted only while a cap is configured. */
    private final AtomicInteger capped = new AtomicInteger();
    /** The rejection of a saturated breaker, made at the first one and whenever the cap or the state differs. */
    private volatile CircuitSaturatedException saturation;
    /** The period of calls in flight last judged; a racy read only costs one more judgement. */
    private long judgedPeriod = Long.MIN_VALUE;

    /**
     * Creates the machine of a breaker, CLOSED.
     *
     * @param owner  the breaker, handed to listeners
     * @param name   the breaker's name
     * @param config its configuration
     */
    public StateMachine(CircuitBreaker owner, String name, CircuitBreakerConfig config) {
        this.owner = owner;
        this.name = name;
        this.history = new EventHistory(config.historySize());
        this.state = new AtomicReference<>(ClosedState.fresh(this, config));
        updateTimed();
        trackCallAges(config);
    }

    /** Starts tracking calls in flight by age when a configuration asks for it, to an eighth to a sixteenth of the slow-call duration. */
    private void trackCallAges(CircuitBreakerConfig config) {
        if (config.tracksCallAges() && inFlight == null) {
            long width = Math.max(Duration.ofMillis(1).toNanos(), config.slowCallDuration().toNanos() / 8);
            inFlight = new InFlightCalls(width, config.ticker().getAsLong());
        }
    }

    /** @return the breaker's name */
    public String name() {
        return name;
    }

    /** @param gate what decides whether this instance may probe, or null for always */
    public void probeGate(ProbeGate gate) {
        this.probeGate = gate;
    }

    /** @return the probe gate, or null */
    public ProbeGate probeGate() {
        return probeGate;
    }

    /** @return whether the probe gate lets this instance probe now (always without a gate) */
    boolean mayProbe() {
        ProbeGate gate = probeGate;
        return gate == null || gate.mayProbe(owner);
    }

    /** @return the breaker this machine drives */
    CircuitBreaker owner() {
        return owner;
    }

    /** @return the configuration in force: the current state's, so that the two never disagree */
    public CircuitBreakerConfig config() {
        return state.get().config;
    }

    /** @return whether calls must be timed */
    public boolean timed() {
        return timed;
    }

    /** @return the state as users see it */
    public CircuitState state() {
        return advanced().circuitState();
    }

    /**
     * The current state, after the transition that time alone made due, if any: a timed move, or a circuit
     * opened by calls that have been in flight too long.
     */
    private BreakerState advanced() {
        BreakerState current = state.get();
        if (current.advance()) {
            return state.get();
        }
        if (inFlight != null && current.config.tracksCallAges()
            && judgeCallsInFlight(current, current.config.ticker().getAsLong())) {
            return state.get();
        }
        return current;
    }

    /**
     * Judges the calls in flight: a CLOSED circuit whose slow-call rate, counting the calls running past the
     * slow-call duration as slow, reaches its threshold opens.
     *
     * @return whether it decided to open the circuit
     */
    private boolean judgeCallsInFlight(BreakerState current, long nowNanos) {
        InFlightCalls calls = inFlight;
        if (calls == null || current.kind() != CircuitState.CLOSED) {
            return false;
        }
        int slow = calls.olderThan(nowNanos, current.config.slowCallDuration().toNanos());
        return slow > 0 && current.judgeSlowCallsInFlight(slow);
    }

    // ---- calls in flight --------------------------------------------------------------------

    /**
     * Counts a permitted call in flight, from its start. Called after {@link #acquire()} when calls are timed;
     * when the calls in flight then open the circuit, this call is rejected too.
     *
     * @param permit     the state that permitted the call
     * @param startNanos when it starts, on the ticker
     * @return its token, to hand back with its outcome
     * @throws CircuitOpenException when the calls in flight opened the circuit
     */
    public long enter(BreakerState permit, long startNanos) {
        InFlightCalls calls = inFlight;
        if (calls == null || !permit.config.tracksCallAges()) {
            return InFlightCalls.NOT_COUNTED;
        }
        long token = calls.enter(startNanos);
        long period = InFlightCalls.period(token);
        if (period != judgedPeriod) {
            judgedPeriod = period;
            BreakerState now;
            if (judgeCallsInFlight(permit, startNanos) && !(now = state.get()).wouldPermit()) {
                ended(token);
                rejected.increment();
                listeners.rejected(owner);
                throw now.rejection();
            }
        }
        return token;
    }

    /**
     * The token of a call whose outcome is reported without one (code that cannot be wrapped): the period of
     * its start, as near as its duration tells.
     *
     * @param durationNanos how long it took
     * @return its token
     */
    public long tokenOf(long durationNanos) {
        InFlightCalls calls = inFlight;
        return calls == null ? InFlightCalls.NOT_COUNTED
            : calls.tokenOf(state.get().config.ticker().getAsLong(), durationNanos);
    }

    /** A counted call ended: it leaves the calls in flight and the cap. */
    private void ended(long token) {
        if (token != InFlightCalls.NOT_COUNTED) {
            inFlight.exit(token);
        }
        for (;;) {
            int running = capped.get();
            if (running == 0 || capped.compareAndSet(running, running - 1)) {
                return;
            }
        }
    }

    /** Takes a place under the cap on calls in flight, or rejects the call. */
    private void admitUnderCap(BreakerState permit, int max) {
        if (capped.incrementAndGet() <= max) {
            return;
        }
        capped.decrementAndGet();
        permit.onReleased(); // gives a HALF_OPEN probe slot back
        rejected.increment();
        saturatedCalls.increment();
        listeners.rejected(owner);
        CircuitSaturatedException rejection = saturation;
        if (rejection == null || rejection.maxConcurrentCalls() != max || rejection.state() != permit.kind()) {
            saturation = rejection = new CircuitSaturatedException(name, permit.kind(), max);
        }
        if (permit.kind() == CircuitState.CLOSED && permit.config.saturatedCallsFail()) {
            recordFailure(permit, 0, rejection, ErrorCategory.RESOURCE);
        }
        throw rejection;
    }

    /** @return the calls in flight: tracked by age, else under a cap, else -1 when they are not counted */
    private int callsInFlight() {
        InFlightCalls calls = inFlight;
        if (calls != null) {
            return calls.running();
        }
        return state.get().config.maxConcurrentCalls() > 0 ? capped.get() : -1;
    }

    // ---- permissions ------------------------------------------------------------------------

    /**
     * Asks for permission to make a call.
     *
     * @return the state that permitted the call; hand it back with the call's outcome
     * @throws CircuitOpenException when the call is rejected
     */
    public BreakerState acquire() {
        for (;;) {
            BreakerState current = state.get();
            int verdict = current.tryAcquire();
            if (verdict == BreakerState.PERMITTED) {
                int max = current.config.maxConcurrentCalls();
                if (max > 0) {
                    admitUnderCap(current, max);
                }
                return current;
            }
            if (verdict == BreakerState.REJECTED) {
                rejected.increment();
                listeners.rejected(owner);
                throw current.rejection();
            }
        }
    }

    /**
     * Runs a recovery probe's check as the HALF_OPEN probe, if one is due: the circuit is OPEN and its
     * recovery timeout elapsed (or it is HALF_OPEN) and a probe slot is free. The check's answer is
     * recorded as the probe's outcome: true a success, false or an exception a failure, whatever the
     * classification says. With manual recovery the check runs while the circuit is OPEN and is only
     * reported: the circuit stays open until an operator resets it.
     *
     * @param probe the check
     * @return what the probe found, or {@link ProbeResult#NOT_DUE}
     */
    public ProbeResult probe(RecoveryProbe probe) {
        BreakerState permit;
        for (;;) {
            BreakerState current = state.get();
            if (current.kind() == CircuitState.OPEN && current.config.manualRecovery()) {
                return check(probe) == null ? ProbeResult.RECOVERED : ProbeResult.STILL_DOWN;
            }
            int verdict = current.tryAcquireProbe();
            if (verdict == BreakerState.REJECTED) {
                return ProbeResult.NOT_DUE;
            }
            if (verdict == BreakerState.PERMITTED) {
                permit = current;
                break;
            }
        }
        LongSupplier ticker = permit.config.ticker();
        long start = ticker.getAsLong();
        Throwable down = check(probe);
        long duration = ticker.getAsLong() - start;
        if (down == null) {
            onSuccess(permit, duration);
            return ProbeResult.RECOVERED;
        }
        recordFailure(permit, duration, down, permit.config.classifier().classify(down));
        return ProbeResult.STILL_DOWN;
    }

    /** Runs a check: null when it says recovered, else what stands for "still down". */
    private Throwable check(RecoveryProbe probe) {
        try {
            return probe.check() ? null : new ProbeDownException(name);
        } catch (Exception e) {
            return e;
        }
    }

    /** Gives back the permission of a call cancelled before it had an outcome. */
    public void release() {
        ended(tokenOf(0));
        state.get().onReleased();
    }

    /** @return the current state, for outcomes reported without the permitting state at hand */
    public BreakerState current() {
        return state.get();
    }

    // ---- outcomes ---------------------------------------------------------------------------

    /**
     * Records a successful call.
     *
     * @param permit        the state that permitted the call
     * @param token         what {@link #enter} returned, or {@link #tokenOf(long)}
     * @param durationNanos how long it took
     */
    public void onSuccess(BreakerState permit, long token, long durationNanos) {
        ended(token);
        onSuccess(permit, durationNanos);
    }

    private void onSuccess(BreakerState permit, long durationNanos) {
        successes.increment();
        listeners.success(owner, durationNanos);
        permit.onSuccess(durationNanos);
    }

    /**
     * Records a call that returned a value, checking it against the result predicate.
     *
     * @param permit        the state that permitted the call
     * @param token         what {@link #enter} returned, or {@link #tokenOf(long)}
     * @param durationNanos how long it took
     * @param result        the returned value
     */
    public void onResult(BreakerState permit, long token, long durationNanos, Object result) {
        ended(token);
        var predicate = permit.config.resultPredicate();
        if (predicate != null && predicate.test(result)) {
            FailedResultException failure = new FailedResultException(result);
            recordFailure(permit, durationNanos, failure, permit.config.classifier().classify(failure));
        } else {
            onSuccess(permit, durationNanos);
        }
    }

    /**
     * Records a call that threw: as a failure, or as ignored, as the configuration classifies it.
     *
     * @param permit        the state that permitted the call
     * @param token         what {@link #enter} returned, or {@link #tokenOf(long)}
     * @param durationNanos how long it took
     * @param error         what it threw
     */
    public void onError(BreakerState permit, long token, long durationNanos, Throwable error) {
        ended(token);
        FailurePolicy.Verdict verdict = permit.config.failurePolicy().judge(error);
        if (verdict == FailurePolicy.Verdict.SUCCESS) {
            onSuccess(permit, durationNanos);
        } else if (verdict == FailurePolicy.Verdict.IGNORED) {
            ignored.increment();
            permit.onIgnored();
            listeners.ignored(owner, durationNanos, error);
        } else {
            recordFailure(permit, durationNanos, error, verdict.category());
        }
    }

    private void recordFailure(BreakerState permit, long durationNanos, Throwable error, ErrorCategory category) {
        failures.increment();
        categoryCounters()[category.ordinal()].increment();
        CircuitState at = permit.kind();
        CircuitEvent event = new CircuitEvent(name, CircuitEvent.Type.FAILURE, permit.config.instantSource().instant(),
            at, at, describe(error), null, error.getClass().getName(), category);
        lastFailure = event;
        history.add(event);
        listeners.failure(owner, durationNanos, error, category);
        permit.onFailure(durationNanos, error);
    }

    /** The counters by category, made by the first failure; racing first failures agree on one set, lock-free. */
    private LongAdder[] categoryCounters() {
        LongAdder[] counters = failuresByCategory;
        if (counters == null) {
            LongAdder[] made = new LongAdder[ErrorCategory.values().length];
            for (int i = 0; i < made.length; i++) {
                made[i] = new LongAdder();
            }
            LongAdder[] witness = (LongAdder[]) FAILURES_BY_CATEGORY.compareAndExchange(this, null, made);
            counters = witness == null ? made : witness;
        }
        return counters;
    }

    /** A short description of a failure for reasons and the history: {@code Type: message}. */
    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    // ---- transitions ------------------------------------------------------------------------

    /**
     * Opens the circuit from the given state, for as long as the backoff says.
     *
     * @param from                the state that decided to open
     * @param why                 what made the transition
     * @param attempt             failed recoveries so far (0 when opening from CLOSED)
     * @param consecutiveFailures failures since the last success, the one that opens it included
     * @param reason              why, for the event
     * @param cause               the failure that caused it, or null
     */
    void open(BreakerState from, Cause why, int attempt, int consecutiveFailures, String reason, Throwable cause) {
        CircuitBreakerConfig current = from.config;
        long openNanos = OpenState.openNanos(current, attempt, ThreadLocalRandom.current().nextDouble());
        BreakerState next = new OpenState(this, current, attempt, consecutiveFailures, current.ticker().getAsLong(), openNanos,
            current.instantSource().instant());
        transition(from, next, why, reason, cause);
    }

    /**
     * Replaces {@code from} by {@code to} if {@code from} is still current, and publishes the transition.
     *
     * @return whether this call made the transition
     */
    boolean transition(BreakerState from, BreakerState to, Cause why, String reason, Throwable cause) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        CircuitEvent event = new CircuitEvent(name, CircuitEvent.Type.STATE_TRANSITION,
            to.config.instantSource().instant(), from.kind(), to.kind(), reason, why,
            cause == null ? null : cause.getClass().getName(),
            cause == null ? null : to.config.classifier().classify(cause));
        history.add(event);
        listeners.stateTransition(owner, event);
        return true;
    }

    /**
     * Moves the circuit to a state on request; counts and backoff start afresh. A request for the state the
     * circuit is already in is not a transition: nothing is published, and only a reset of a CLOSED circuit
     * changes anything (its counts start afresh). A request of an operator's is an operator action, which
     * listeners hear in any case.
     *
     * @param target the state to move to
     * @param reason why, for the event
     * @param why    who asks: {@link Cause#OPERATOR}, or {@link Cause#FLEET} for another instance's decision
     */
    public void moveTo(CircuitState target, String reason, Cause why) {
        move(target, reason, why);
        if (why == Cause.OPERATOR) {
            listeners.operatorAction(owner, target, reason);
        }
    }

    private void move(CircuitState target, String reason, Cause why) {
        for (;;) {
            BreakerState current = state.get();
            if (current.kind() == target) {
                if (target != CircuitState.CLOSED || state.compareAndSet(current, ClosedState.fresh(this, current.config))) {
                    return;
                }
                continue;
            }
            CircuitBreakerConfig c = current.config;
            BreakerState next = switch (target) {
                case CLOSED -> ClosedState.fresh(this, c);
                case OPEN -> new OpenState(this, c, 0, 0, c.ticker().getAsLong(),
                    OpenState.openNanos(c, 0, ThreadLocalRandom.current().nextDouble()), c.instantSource().instant());
                case HALF_OPEN -> HalfOpen.enter(this, c, 0, 0);
                case FORCED_OPEN -> new ForcedOpenState(this, c, c.instantSource().instant());
                case DISABLED -> new DisabledState(this, c);
            };
            if (transition(current, next, why, reason, null)) {
                return;
            }
        }
    }

    /**
     * Opens the circuit until a given time, decided elsewhere (by a fleet of instances sharing the
     * dependency). An OPEN circuit takes the new time without a transition; counts and backoff are kept
     * only as far as the current state has them.
     *
     * @param nextAttemptAt when a probe may be attempted
     * @param reason        why, for the event
     */
    public void openUntil(Instant nextAttemptAt, String reason) {
        for (;;) {
            BreakerState current = state.get();
            CircuitBreakerConfig c = current.config;
            Instant now = c.instantSource().instant();
            long openNanos = Math.max(1L, Duration.between(now, nextAttemptAt).toNanos());
            BreakerState next = new OpenState(this, c, 0, current.consecutiveFailures(), c.ticker().getAsLong(),
                openNanos, current.kind() == CircuitState.OPEN ? current.openedAt() : now);
            if (current.kind() == CircuitState.OPEN ? state.compareAndSet(current, next)
                : transition(current, next, Cause.FLEET, reason, null)) {
                return;
            }
        }
    }

    /**
     * Applies a new configuration, keeping the state, the counts that still apply, the listeners and
     * the history. The configuration travels with the state, so both change in one atomic step.
     *
     * @param newConfig the new configuration
     */
    public void reconfigure(CircuitBreakerConfig newConfig) {
        for (;;) {
            BreakerState current = state.get();
            if (state.compareAndSet(current, current.reconfigured(newConfig))) {
                break;
            }
        }
        history = history.withCapacity(newConfig.historySize());
        updateTimed();
        trackCallAges(newConfig);
    }

    // ---- listeners and observation ----------------------------------------------------------

    /** @param listener a listener to add */
    public void addListener(CircuitListener listener) {
        listeners.add(listener);
        updateTimed();
    }

    /**
     * @param listener a listener to remove
     * @return whether it was registered
     */
    public boolean removeListener(CircuitListener listener) {
        boolean removed = listeners.remove(listener);
        updateTimed();
        return removed;
    }


    private void updateTimed() {
        timed = config().tracksCallAges() || listeners.wantsOutcomes();
    }

    /** @return the kept events, oldest first */
    public List<CircuitEvent> history() {
        return history.events();
    }

    /** @return the running figures, read directly */
    public CircuitMetrics metrics() {
        return metrics;
    }

    /** @return an immutable picture of the breaker now */
    public CircuitSnapshot snapshot() {
        BreakerState current = advanced();
        SlidingWindow window = current.window();
        return new CircuitSnapshot(name, current.circuitState(), current.consecutiveFailures(),
            successes.sum(), failures.sum(), ignored.sum(), rejected.sum(), rate(current, window, false),
            rate(current, window, true), window == null ? 0 : window.calls(),
            lastFailure, current.openedAt(), current.nextAttemptAt(), current.wouldPermit(),
            current.throttleProbability(), callsInFlight(), oldestCallInFlight(current));
    }

    /** How long the oldest call in flight has been running, or null when none is or ages are not tracked. */
    private Duration oldestCallInFlight(BreakerState current) {
        InFlightCalls calls = inFlight;
        long age = calls == null ? -1 : calls.oldestAgeNanos(current.config.ticker().getAsLong());
        return age < 0 ? null : Duration.ofNanos(age);
    }

    /** A rate of the state's window, or -1 while it holds fewer than the minimum calls or there is none. */
    private static double rate(BreakerState state, SlidingWindow window, boolean slow) {
        int calls = window == null ? 0 : window.calls();
        if (calls == 0 || calls < state.config.effectiveMinimumCalls()) {
            return -1;
        }
        return Math.min(1.0, (double) (slow ? window.slowCalls() : window.failures()) / calls);
    }

    /** The live counters as {@link CircuitMetrics}. */
    private final class Metrics implements CircuitMetrics {

        @Override
        public long successes() {
            return successes.sum();
        }

        @Override
        public long failures() {
            return failures.sum();
        }

        @Override
        public long failures(ErrorCategory category) {
            LongAdder[] counters = failuresByCategory;
            return counters == null ? 0 : counters[category.ordinal()].sum();
        }

        @Override
        public long ignored() {
            return ignored.sum();
        }

        @Override
        public long rejected() {
            return rejected.sum();
        }

        @Override
        public int callsInFlight() {
            return StateMachine.this.callsInFlight();
        }

        @Override
        public long saturated() {
            return saturatedCalls.sum();
        }

        @Override
        public long listenerErrors() {
            return listeners.errors();
        }

        @Override
        public int consecutiveFailures() {
            return state.get().consecutiveFailures();
        }

        @Override
        public double failureRate() {
            BreakerState current = state.get();
            return rate(current, current.window(), false);
        }

        @Override
        public double slowCallRate() {
            BreakerState current = state.get();
            return rate(current, current.window(), true);
        }

        @Override
        public double throttleProbability() {
            return state.get().throttleProbability();
        }

        @Override
        public int windowCalls(WindowOutcome outcome) {
            SlidingWindow window = state.get().window();
            if (window == null) {
                return 0;
            }
            return switch (outcome) {
                case ALL -> window.calls();
                case FAILED -> window.failures();
                case SLOW -> window.slowCalls();
                case SLOW_FAILED -> window.slowFailures();
            };
        }
    }
}
