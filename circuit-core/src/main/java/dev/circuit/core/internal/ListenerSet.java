package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitState;
import dev.circuit.core.ErrorCategory;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The listeners of one breaker. Each kind of event has its own array holding only the listeners that
 * override its method, so a listener that cares only about transitions (a logger, an alerter) costs
 * nothing on the call path, and calls are timed only when some listener wants their durations.
 * Dispatch walks a plain array (no iterator, no allocation) and isolates every listener: an exception
 * it throws is counted and never reaches the protected call. It is logged at WARNING on the
 * {@code dev.circuit} {@link System.Logger} (which Spring Boot routes to its logging system), with the
 * listener's class, at most once a minute per breaker.
 */
public final class ListenerSet {

    private static final CircuitListener[] NONE = new CircuitListener[0];

    private volatile CircuitListener[] all = NONE;
    private volatile CircuitListener[] onTransition = NONE;
    private volatile CircuitListener[] onSuccess = NONE;
    private volatile CircuitListener[] onFailure = NONE;
    private volatile CircuitListener[] onIgnored = NONE;
    private volatile CircuitListener[] onRejected = NONE;
    private volatile CircuitListener[] onOperatorAction = NONE;
    private static final System.Logger LOG = System.getLogger("dev.circuit");
    private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongAdder errors = new LongAdder();
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());

    /**
     * Adds a listener.
     *
     * @param listener the listener
     */
    public synchronized void add(CircuitListener listener) {
        CircuitListener[] next = Arrays.copyOf(all, all.length + 1);
        next[all.length] = listener;
        update(next);
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public synchronized boolean remove(CircuitListener listener) {
        CircuitListener[] kept = Arrays.stream(all).filter(l -> l != listener).toArray(CircuitListener[]::new);
        if (kept.length == all.length) {
            return false;
        }
        update(kept);
        return true;
    }

    private void update(CircuitListener[] listeners) {
        onTransition = overriding(listeners, "onStateTransition", CircuitBreaker.class, CircuitEvent.class);
        onSuccess = overriding(listeners, "onSuccess", CircuitBreaker.class, long.class);
        onFailure = overriding(listeners, "onFailure", CircuitBreaker.class, long.class, Throwable.class, ErrorCategory.class);
        onIgnored = overriding(listeners, "onIgnoredError", CircuitBreaker.class, long.class, Throwable.class);
        onRejected = overriding(listeners, "onRejected", CircuitBreaker.class);
        onOperatorAction = overriding(listeners, "onOperatorAction", CircuitBreaker.class, CircuitState.class, String.class);
        all = listeners;
    }

    /** The listeners whose class implements the method instead of inheriting the empty default. */
    private static CircuitListener[] overriding(CircuitListener[] listeners, String method, Class<?>... parameters) {
        return Arrays.stream(listeners).filter(listener -> {
            try {
                return listener.getClass().getMethod(method, parameters).getDeclaringClass() != CircuitListener.class;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e); // every listener has the interface's methods
            }
        }).toArray(CircuitListener[]::new);
    }

    /** @return whether some listener wants the durations or outcomes of calls */
    public boolean wantsOutcomes() {
        return onSuccess.length + onFailure.length + onIgnored.length > 0;
    }

    /** @return how many listener calls threw */
    public long errors() {
        return errors.sum();
    }

    private void failed(CircuitBreaker breaker, CircuitListener listener, RuntimeException error) {
        errors.increment();
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
            LOG.log(System.Logger.Level.WARNING, () -> "Listener " + listener.getClass().getName() + " of circuit breaker '"
                + breaker.name() + "' threw; the call went on unharmed (" + errors.sum()
                + " listener errors so far; the next is reported a minute from now at the earliest)", error);
        }
    }

    void stateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        for (CircuitListener listener : onTransition) {
            try {
                listener.onStateTransition(breaker, transition);
            } catch (RuntimeException e) {
                failed(breaker, listener, e);
            }
        }
    }

    void success(CircuitBreaker breaker, long durationNanos) {
        for (CircuitListener listener : onSuccess) {
            try {
                listener.onSuccess(breaker, durationNanos);
            } catch (RuntimeException e) {
                failed(breaker, listener, e);
            }
        }
    }

    void failure(CircuitBreaker breaker, long durationNanos, Throwable error, ErrorCategory category) {
        for (CircuitListener listener : onFailure) {
            try {
                listener.onFailure(breaker, durationNanos, error, category);
            } catch (RuntimeException e) {
                failed(breaker, listener, e);
            }
        }
    }

    void ignored(CircuitBreaker breaker, long durationNanos, Throwable error) {
        for (CircuitListener listener : onIgnored) {
            try {
                listener.onIgnoredError(breaker, durationNanos, error);
            } catch (RuntimeException e) {
                failed(breaker, listener, e);
            }
        }
    }

    void operatorAction(CircuitBreaker breaker, CircuitState target, String reason) {
        for (CircuitListener listener : onOperatorAction) {
            try {
                listener.onOperatorAction(breaker, target, reason);
            } catch (RuntimeException e) {
                failed(breaker, listener, e);
            }
        }
    }

    void rejected(CircuitBreaker breaker) {
        for (CircuitListener listener : onRejected) {
            try {
                listener.onRejected(breaker);
            } catch (RuntimeException e) {
                failed(breaker, listener, e);
            }
        }
    }
}
