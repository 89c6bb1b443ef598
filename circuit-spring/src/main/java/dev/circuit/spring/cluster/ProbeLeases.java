package dev.circuit.spring.cluster;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.ProbeGate;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One prober for the fleet: when a breaker's open period ends, every instance asks Redis for the breaker's
 * lease (on the fleet's thread, not on a call), and the one that gets it lets its next call through as the
 * probe; the others reject. A holder that gets no call within the hand-over time gives the lease up, so
 * that an instance with traffic can probe; a holder that dies loses it when it expires, after
 * {@code halfOpenProbeTimeout}. Without Redis every instance probes on its own.
 */
final class ProbeLeases implements ProbeGate {

    private final String instance;
    private final String namespace;
    private final FleetLink link;
    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final Duration handOver;
    /** Leases this instance holds, by breaker: until when. */
    private final Map<String, Instant> held = new ConcurrentHashMap<>();

    ProbeLeases(String instance, String namespace, FleetLink link, ScheduledExecutorService scheduler,
                InstantSource clock, Duration handOver) {
        this.instance = instance;
        this.namespace = namespace;
        this.link = link;
        this.scheduler = scheduler;
        this.clock = clock;
        this.handOver = handOver;
    }

    private String key(String breaker) {
        return "circuit:" + namespace + ":probe:" + breaker;
    }

    /** The answer from memory: this instance holds the lease, or Redis is away. */
    @Override
    public boolean mayProbe(CircuitBreaker breaker) {
        return !link.connected() || holds(breaker.name());
    }

    /** @return whether this instance holds the breaker's lease now */
    boolean holds(String breaker) {
        Instant until = held.get(breaker);
        return until != null && until.isAfter(clock.instant());
    }

    /**
     * The breaker opened (here or in the fleet): contend for its lease when the open period ends.
     *
     * @param breaker the breaker
     */
    void opened(CircuitBreaker breaker) {
        Instant due = breaker.snapshot().nextAttemptAt();
        if (due != null) {
            later(() -> contend(breaker, due), Duration.between(clock.instant(), due));
        }
    }

    /** Asks for the lease if the breaker still waits for the probe of that open period. */
    private void contend(CircuitBreaker breaker, Instant due) {
        if (!due.equals(breaker.snapshot().nextAttemptAt())) {
            return; // closed, probing, or opened again (which scheduled its own contest)
        }
        Duration early = Duration.between(clock.instant(), due);
        if (!early.isNegative() && !early.isZero()) {
            later(() -> contend(breaker, due), early.plusMillis(1)); // the timer ran ahead of the wall clock
            return;
        }
        Duration lease = breaker.config().halfOpenProbeTimeout();
        boolean mine;
        try {
            mine = link.connected() && link.call(transport -> transport.setIfAbsent(key(breaker.name()), instance, lease));
        } catch (FleetLink.Unavailable e) {
            mine = false;
        }
        if (mine) {
            Instant now = clock.instant();
            held.put(breaker.name(), now.plus(lease));
            later(() -> handOver(breaker, due), handOver);
        } else {
            later(() -> contend(breaker, due), handOver.plusMillis(50)); // another holds it: it may hand it over
        }
    }

    /** Gives the lease up when no call came to probe with, and contends again later. */
    private void handOver(CircuitBreaker breaker, Instant due) {
        if (waitsForProbe(breaker, due) && held.remove(breaker.name()) != null) {
            link.send(transport -> transport.deleteIfEqual(key(breaker.name()), instance));
            later(() -> contend(breaker, due), handOver.multipliedBy(2));
        }
    }

    /** An OPEN circuit of that open period whose wait is over: no call has made it HALF_OPEN yet. */
    private boolean waitsForProbe(CircuitBreaker breaker, Instant due) {
        Instant next = breaker.snapshot().nextAttemptAt();
        return due.equals(next) && !clock.instant().isBefore(due);
    }

    /**
     * The breaker's probe is over (it closed or re-opened): gives the lease back if this instance held it.
     *
     * @param breaker the breaker's name
     */
    void settled(String breaker) {
        if (held.remove(breaker) != null) {
            link.send(transport -> transport.deleteIfEqual(key(breaker), instance));
        }
    }

    private void later(Runnable task, @Nullable Duration after) {
        long millis = after == null ? 0 : Math.max(0, after.toMillis());
        try {
            scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the fleet is stopping
        }
    }
}
