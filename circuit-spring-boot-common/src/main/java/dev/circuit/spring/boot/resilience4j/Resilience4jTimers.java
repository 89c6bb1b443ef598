package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitState;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes Resilience4j's timed transitions punctual: {@code automaticTransitionFromOpenToHalfOpenEnabled}
 * and {@code maxWaitDurationInHalfOpenState}. The engine makes a transition that time made due at the first
 * look at the breaker; this looks at the breaker when it is due, on one daemon thread, started by the
 * first breaker that needs it.
 */
final class Resilience4jTimers implements CircuitListener, AutoCloseable {

    /** A look this long after the due time finds the transition due whatever the clocks' resolution. */
    private static final long SLACK_MILLIS = 1;

    private @Nullable ScheduledThreadPoolExecutor executor;
    private boolean closed;

    /** Follows a breaker whose configuration asks for a timed transition. */
    void follow(CircuitBreaker breaker) {
        CircuitBreakerConfig config = breaker.config();
        if (config.automaticHalfOpen() || config.maxHalfOpenDuration() != null) {
            breaker.addListener(this);
        }
    }

    @Override
    public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        CircuitBreakerConfig config = breaker.config();
        if (transition.to() == CircuitState.OPEN && config.automaticHalfOpen()) {
            Instant due = breaker.snapshot().nextAttemptAt();
            if (due != null) {
                lookAt(breaker, Duration.between(config.instantSource().instant(), due));
            }
        } else if (transition.to() == CircuitState.HALF_OPEN && config.maxHalfOpenDuration() != null) {
            lookAt(breaker, config.maxHalfOpenDuration());
        }
    }

    private synchronized void lookAt(CircuitBreaker breaker, Duration after) {
        if (closed) {
            return;
        }
        if (executor == null) {
            executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "circuit-resilience4j-timer");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
        }
        executor.schedule(breaker::state, Math.max(0, after.toMillis()) + SLACK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
