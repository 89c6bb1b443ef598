package dev.circuit.core.internal;

import dev.circuit.core.CircuitEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** The last N events of a breaker, in a lock-free ring; the oldest is overwritten first. */
public final class EventHistory {

    private final AtomicReferenceArray<CircuitEvent> ring;
    private final AtomicLong written = new AtomicLong();

    /**
     * Creates an empty history.
     *
     * @param capacity how many events to keep; 0 keeps none
     */
    public EventHistory(int capacity) {
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    /**
     * Adds an event, dropping the oldest when full.
     *
     * @param event the event
     */
    public void add(CircuitEvent event) {
        if (ring.length() > 0) {
            ring.set((int) (written.getAndIncrement() % ring.length()), event);
        }
    }

    /**
     * The kept events, oldest first.
     *
     * @return a new list
     */
    public List<CircuitEvent> events() {
        long end = written.get();
        long start = Math.max(0, end - ring.length());
        List<CircuitEvent> events = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            CircuitEvent event = ring.get((int) (i % ring.length()));
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    /**
     * A history of another capacity holding this one's newest events.
     *
     * @param capacity the new capacity
     * @return this history when the capacity is unchanged, otherwise a copy
     */
    public EventHistory withCapacity(int capacity) {
        if (capacity == ring.length()) {
            return this;
        }
        EventHistory resized = new EventHistory(capacity);
        events().forEach(resized::add);
        return resized;
    }
}
