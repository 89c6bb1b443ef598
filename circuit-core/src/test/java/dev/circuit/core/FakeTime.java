package dev.circuit.core;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A clock that moves only when a test advances it: a nanosecond ticker and an instant source in step. */
public final class FakeTime implements LongSupplier, InstantSource {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    /** @param duration how far to move both clocks */
    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return START.plusNanos(nanos.get());
    }

    /** @return a builder that uses this clock */
    public CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder().ticker(this).instantSource(this);
    }
}
