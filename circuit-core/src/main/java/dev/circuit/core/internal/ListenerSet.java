package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.ErrorCategory;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * The listeners of one breaker. Dispatch walks a plain array (no iterator, no allocation) and isolates
 * every listener: an exception it throws is counted and never reaches the protected call.
 */
public final class ListenerSet {

    private static final CircuitListener[] NONE = new CircuitListener[0];

    private volatile CircuitListener[] listeners = NONE;
    private final LongAdder errors = new LongAdder();

    /**
     * Adds a listener.
     *
     * @param listener the listener
     */
    public synchronized void add(CircuitListener listener) {
        CircuitListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[listeners.length] = listener;
        listeners = next;
    }

    /**
     * Removes a listener.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public synchronized boolean remove(CircuitListener listener) {
        CircuitListener[] current = listeners;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == listener) {
                CircuitListener[] next = new CircuitListener[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                listeners = next;
                return true;
            }
        }
        return false;
    }

    /** @return whether any listener is registered */
    public boolean isEmpty() {
        return listeners.length == 0;
    }

    /** @return how many listener calls threw */
    public long errors() {
        return errors.sum();
    }

    void stateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        for (CircuitListener listener : listeners) {
            try {
                listener.onStateTransition(breaker, transition);
            } catch (RuntimeException e) {
                errors.increment();
            }
        }
    }

    void success(CircuitBreaker breaker, long durationNanos) {
        for (CircuitListener listener : listeners) {
            try {
                listener.onSuccess(breaker, durationNanos);
            } catch (RuntimeException e) {
                errors.increment();
            }
        }
    }

    void failure(CircuitBreaker breaker, long durationNanos, Throwable error, ErrorCategory category) {
        for (CircuitListener listener : listeners) {
            try {
                listener.onFailure(breaker, durationNanos, error, category);
            } catch (RuntimeException e) {
                errors.increment();
            }
        }
    }

    void ignored(CircuitBreaker breaker, long durationNanos, Throwable error) {
        for (CircuitListener listener : listeners) {
            try {
                listener.onIgnoredError(breaker, durationNanos, error);
            } catch (RuntimeException e) {
                errors.increment();
            }
        }
    }

    void rejected(CircuitBreaker breaker) {
        for (CircuitListener listener : listeners) {
            try {
                listener.onRejected(breaker);
            } catch (RuntimeException e) {
                errors.increment();
            }
        }
    }
}
