package dev.circuit.core.internal;

import dev.circuit.core.CircuitEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last N events of a breaker, in a lock-free ring; the oldest is overwritten first. The ring is
 * allocated with the first event, so a breaker that never failed or changed state does not carry it.
 */
public final class EventHistory {

    private final int capacity;
    private final AtomicLong written = new AtomicLong();
    private volatile AtomicReferenceArray<CircuitEvent> ring;

    private static final VarHandle RING;

    static {
        try {
            RING = MethodHandles.lookup().findVarHandle(EventHistory.class, "ring", AtomicReferenceArray.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Creates an empty history.
     *
     * @param capacity how many events to keep; 0 keeps none
     */
    public EventHistory(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Adds an event, dropping the oldest when full.
     *
     * @param event the event
     */
    public void add(CircuitEvent event) {
        if (capacity == 0) {
            return;
        }
        AtomicReferenceArray<CircuitEvent> events = ring;
        if (events == null) {
            events = allocate();
        }
        events.set((int) (written.getAndIncrement() % capacity), event);
    }

    /** The ring, made by the first event; racing first events agree on one ring, lock-free. */
    @SuppressWarnings("unchecked")
    private AtomicReferenceArray<CircuitEvent> allocate() {
        AtomicReferenceArray<CircuitEvent> made = new AtomicReferenceArray<>(capacity);
        Object witness = RING.compareAndExchange(this, null, made);
        return witness == null ? made : (AtomicReferenceArray<CircuitEvent>) witness;
    }

    /**
     * The kept events, oldest first.
     *
     * @return a new list
     */
    public List<CircuitEvent> events() {
        AtomicReferenceArray<CircuitEvent> events = ring;
        if (events == null) {
            return new ArrayList<>();
        }
        long end = written.get();
        long start = Math.max(0, end - capacity);
        List<CircuitEvent> kept = new ArrayList<>((int) (end - start));
        for (long i = start; i < end; i++) {
            CircuitEvent event = events.get((int) (i % capacity));
            if (event != null) {
                kept.add(event);
            }
        }
        return kept;
    }

    /**
     * A history of another capacity holding this one's newest events.
     *
     * @param newCapacity the new capacity
     * @return this history when the capacity is unchanged, otherwise a copy
     */
    public EventHistory withCapacity(int newCapacity) {
        if (newCapacity == capacity) {
            return this;
        }
        EventHistory resized = new EventHistory(newCapacity);
        events().forEach(resized::add);
        return resized;
    }
}
