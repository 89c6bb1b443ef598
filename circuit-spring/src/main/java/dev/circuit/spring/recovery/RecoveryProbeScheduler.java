package dev.circuit.spring.recovery;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitState;
import dev.circuit.core.ProbeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs the recovery probes of breakers that have one ({@code circuit.breakers.X.recovery-probe}):
 * when a circuit opens, a probe is scheduled for the moment its recovery timeout elapses, on a
 * {@link TaskScheduler}, never on a caller's thread. A failed probe re-opens the circuit, which
 * schedules the next; a successful one closes it (or, below the success threshold, the next probe
 * runs at once). With manual recovery a probe runs every recovery timeout while the circuit is open
 * and only reports, in the log.
 */
public class RecoveryProbeScheduler implements CircuitListener, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryProbeScheduler.class);

    private final Supplier<TaskScheduler> applicationScheduler;
    private volatile TaskScheduler scheduler;
    private SimpleAsyncTaskScheduler own;

    /**
     * Creates the scheduler of probes.
     *
     * @param applicationScheduler the application's task scheduler, or a supplier of null; without one,
     *                             probes run on a scheduler of its own (virtual threads on Java 21+)
     */
    public RecoveryProbeScheduler(Supplier<TaskScheduler> applicationScheduler) {
        this.applicationScheduler = applicationScheduler;
    }

    @Override
    public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        if (transition.to() == CircuitState.OPEN && breaker.config().recoveryProbe() != null) {
            scheduleAfterTimeout(breaker);
        }
    }

    private void scheduleAfterTimeout(CircuitBreaker breaker) {
        Instant next = breaker.snapshot().nextAttemptAt();
        schedule(breaker, next != null ? next : Instant.now().plus(breaker.config().recoveryTimeout()));
    }

    private void schedule(CircuitBreaker breaker, Instant at) {
        scheduler().schedule(() -> probe(breaker), at);
    }

    /** Runs one probe and decides when the next one runs, if any. */
    void probe(CircuitBreaker breaker) {
        if (breaker.config().recoveryProbe() == null) {
            return;
        }
        ProbeResult result;
        try {
            result = breaker.probeNow();
        } catch (RuntimeException e) {
            LOG.warn("Recovery probe of circuit breaker '{}' could not run", breaker.name(), e);
            return;
        }
        CircuitState state = breaker.state();
        if (breaker.config().manualRecovery()) {
            if (result != ProbeResult.NOT_DUE) {
                LOG.info("Recovery probe of circuit breaker '{}' (manual recovery): {}{}", breaker.name(), result,
                    result == ProbeResult.RECOVERED ? "; reset the breaker to close it" : "");
            }
            if (state.isOpen()) {
                scheduleAfterTimeout(breaker);
            }
            return;
        }
        if (state == CircuitState.HALF_OPEN) {
            // below the success threshold, or every slot taken: probe again shortly
            schedule(breaker, Instant.now().plus(retryDelay(breaker)));
        } else if (result == ProbeResult.NOT_DUE && state == CircuitState.OPEN) {
            schedule(breaker, Instant.now().plus(retryDelay(breaker))); // woke up a little early
        }
        // STILL_DOWN re-opened the circuit, which scheduled the next probe; CLOSED needs none
    }

    private static Duration retryDelay(CircuitBreaker breaker) {
        Duration tenth = breaker.config().recoveryTimeout().dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) < 0 ? tenth : Duration.ofSeconds(1);
    }

    private TaskScheduler scheduler() {
        TaskScheduler known = scheduler;
        if (known == null) {
            synchronized (this) {
                known = scheduler;
                if (known == null) {
                    known = applicationScheduler.get();
                    if (known == null) {
                        own = new SimpleAsyncTaskScheduler();
                        own.setThreadNamePrefix("circuit-probe-");
                        own.setVirtualThreads(Runtime.version().feature() >= 21);
                        own.start();
                        known = own;
                    }
                    scheduler = known;
                }
            }
        }
        return known;
    }

    @Override
    public synchronized void destroy() {
        if (own != null) {
            own.close();
        }
    }
}
