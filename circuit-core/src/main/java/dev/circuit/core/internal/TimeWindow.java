package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.SlidingWindowType;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The outcomes of the calls of the last N seconds.
 *
 * <p>Instead of buckets that must be cleared (and would lose counts to the thread clearing them), the
 * window keeps running totals and, for each second that saw a call, a mark of the totals at its
 * first call. The window's counts are the totals now minus the oldest mark inside the window. Memory
 * is N + 1 marks whatever the traffic; one small mark is allocated per second with traffic. The oldest
 * mark is looked up once per second and remembered, so reading the counts after every call costs
 * three sums, not a scan of the marks.
 */
final class TimeWindow implements SlidingWindow {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The running totals at the first recorded call of one second. */
    private record Mark(long second, long calls, long failures, long slowCalls, long slowFailures) {
    }

    private final int seconds;
    /** The second a call is filed under: exact from the ticker, or a sampled one (adaptive throttling). */
    private final LongSupplier clock;
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder slowCalls = new LongAdder();
    private final LongAdder slowFailures = new LongAdder();
    /** The oldest mark inside the window as seen during one second. */
    private record Base(long second, Mark mark) {
    }

    private final AtomicReferenceArray<Mark> marks;
    private volatile Base knownBase;

    /**
     * A window whose seconds begin on the wall clock's seconds, as Resilience4j's buckets do (by epoch
     * second), so that a window made mid-second (after a recovery) files calls as Resilience4j does.
     *
     * @param seconds the window's length
     * @param ticker  the nanosecond ticker
     * @param wall    the wall clock, read once, for where its seconds begin
     */
    TimeWindow(int seconds, LongSupplier ticker, InstantSource wall) {
        this(wallSeconds(ticker, wall), seconds);
    }

    /**
     * @param secondClock the second a call is filed under, counted from any origin
     * @param seconds     the window's length
     */
    TimeWindow(LongSupplier secondClock, int seconds) {
        this.seconds = seconds;
        this.clock = secondClock;
        this.marks = new AtomicReferenceArray<>(seconds + 1);
    }

    /** Seconds since the ticker's value now, read from the ticker at every call. */
    static LongSupplier exactSeconds(LongSupplier ticker) {
        long origin = ticker.getAsLong();
        return () -> Math.floorDiv(ticker.getAsLong() - origin, NANOS_PER_SECOND);
    }

    /** Seconds read from the ticker at every call, beginning where the wall clock's seconds begin. */
    private static LongSupplier wallSeconds(LongSupplier ticker, InstantSource wall) {
        long origin = ticker.getAsLong() - wall.instant().getNano();
        return () -> Math.floorDiv(ticker.getAsLong() - origin, NANOS_PER_SECOND);
    }

    @Override
    public boolean record(boolean failure, boolean slow) {
        long second = currentSecond();
        int index = (int) (second % marks.length());
        Mark mark = marks.get(index);
        if (mark == null || mark.second() < second) {
            marks.compareAndSet(index, mark, new Mark(second, calls.sum(), failures.sum(), slowCalls.sum(), slowFailures.sum()));
        }
        if (failure) {
            failures.increment();
        }
        if (slow) {
            slowCalls.increment();
            if (failure) {
                slowFailures.increment();
            }
        }
        calls.increment();
        return true; // old calls may have left the window as time passed
    }

    private long currentSecond() {
        return clock.getAsLong();
    }

    /** The oldest mark inside the window, or null when the window saw no call. */
    private Mark base() {
        long now = currentSecond();
        Base known = knownBase;
        if (known != null && known.second() == now && known.mark() != null) {
            return known.mark(); // within one second, the oldest mark of a non-empty window cannot change
        }
        Mark oldest = oldestMarkSince(now - seconds + 1, now);
        knownBase = new Base(now, oldest);
        return oldest;
    }

    private Mark oldestMarkSince(long start, long now) {
        Mark oldest = null;
        for (int i = 0; i < marks.length(); i++) {
            Mark mark = marks.get(i);
            if (mark != null && mark.second() >= start && mark.second() <= now
                && (oldest == null || mark.second() < oldest.second())) {
                oldest = mark;
            }
        }
        return oldest;
    }

    @Override
    public int calls() {
        Mark base = base();
        return base == null ? 0 : clamp(calls.sum() - base.calls());
    }

    @Override
    public int failures() {
        Mark base = base();
        return base == null ? 0 : clamp(failures.sum() - base.failures());
    }

    @Override
    public int slowCalls() {
        Mark base = base();
        return base == null ? 0 : clamp(slowCalls.sum() - base.slowCalls());
    }

    @Override
    public int slowFailures() {
        Mark base = base();
        return base == null ? 0 : clamp(slowFailures.sum() - base.slowFailures());
    }

    private static int clamp(long count) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, count));
    }

    @Override
    public boolean fits(CircuitBreakerConfig config) {
        return config.slidingWindowType() == SlidingWindowType.TIME_BASED && fitsSeconds(config.slidingWindowSize());
    }

    /** @return whether the window spans that many seconds */
    boolean fitsSeconds(int windowSeconds) {
        return seconds == windowSeconds;
    }
}
