package dev.circuit.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The calls that started and have not ended, grouped by when they started, so that a breaker can see a call
 * that hangs before it returns. Time is cut into periods of a fixed width; a ring of {@value #SLOTS} slots
 * counts the calls running per period. Each slot is one {@code long}: the period's number in the high bits
 * and the count in the low 32, changed by compare-and-set, so that a slot taken over by a newer period hands
 * its remaining calls to the "ancient" count at once, and a call that ends finds where it is counted. No
 * call is lost or counted twice; no lock, no allocation.
 *
 * <p>A call's age is known to the width of a period: a call counts as older than a duration once the end
 * of its period is that long ago.
 */
final class InFlightCalls {

    /** The token of a call that was not counted (tracking was off when it started). */
    static final long NOT_COUNTED = Long.MIN_VALUE;
    static final int SLOTS = 64;
    static final int STRIPES = 8;
    private static final int STRIPE_BITS = 3;
    private static final int COUNT_BITS = 24;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final long widthNanos;
    /** The width's power of two: a period is a shift away from a time, not a division. */
    private final int widthShift;
    /** The ticker's value where period {@value #SLOTS} begins: periods count from there, so they stay small. */
    private final long originNanos;
    private final AtomicLongArray slots = new AtomicLongArray(SLOTS * STRIPES);
    /** Calls whose slot a newer period took over; they are older than every call a slot counts. */
    private final AtomicLong ancient = new AtomicLong();

    /**
     * Creates the tracker.
     *
     * @param widthNanos the width of a period, the precision of a call's age; rounded down to a power of two
     * @param nowNanos   now, on the breaker's ticker
     */
    InFlightCalls(long widthNanos, long nowNanos) {
        this.widthNanos = Long.highestOneBit(Math.max(1, widthNanos));
        this.widthShift = Long.numberOfTrailingZeros(this.widthNanos);
        this.originNanos = nowNanos;
    }

    private long periodOf(long nanos) {
        return ((nanos - originNanos) >> widthShift) + SLOTS; // the empty slots' period 0 is older
    }

    private static long periodIn(long slot) {
        return slot >> COUNT_BITS;
    }

    /** The slot of a token: its stripe's ring, its period's place in the ring. */
    private static int index(long token) {
        return (int) ((token & (STRIPES - 1)) * SLOTS + ((token >> STRIPE_BITS) & (SLOTS - 1)));
    }

    /**
     * The period of a token, the same for every stripe.
     *
     * @param token what {@link #enter(long)} returned
     * @return its period's number
     */
    static long period(long token) {
        return token >> STRIPE_BITS;
    }

    /** The stripe of the calling thread: consecutive thread ids fall in different stripes. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
    private static long stripe() {
        return Thread.currentThread().getId() & (STRIPES - 1);
    }

    /**
     * Counts a call that starts.
     *
     * @param startNanos when it starts, on the breaker's ticker
     * @return its token, to hand to {@link #exit(long)}: the number of its period and its stripe
     */
    long enter(long startNanos) {
        long period = Math.max(0, periodOf(startNanos));
        long token = period << STRIPE_BITS | stripe();
        int index = index(token);
        for (;;) {
            long slot = slots.get(index);
            long slotPeriod = periodIn(slot);
            if (slotPeriod == period) {
                if (slots.compareAndSet(index, slot, slot + 1)) {
                    return token;
                }
            } else if (slotPeriod < period) {
                // a newer period takes the slot over: the calls it still counts become ancient (first, so that
                // one of them ending meanwhile finds itself there)
                long left = slot & COUNT_MASK;
                if (left != 0) {
                    ancient.addAndGet(left);
                }
                if (slots.compareAndSet(index, slot, (period << COUNT_BITS) + 1)) {
                    return token;
                }
                if (left != 0) {
                    ancient.addAndGet(-left);
                }
            } else {
                ancient.incrementAndGet(); // it started long before the slot's period: it is ancient already
                return token;
            }
        }
    }

    /**
     * Counts a call that ends.
     *
     * @param token what {@link #enter(long)} returned
     */
    void exit(long token) {
        if (token == NOT_COUNTED) {
            return;
        }
        int index = index(token);
        long period = token >> STRIPE_BITS;
        for (;;) {
            long slot = slots.get(index);
            if (periodIn(slot) != period || (slot & COUNT_MASK) == 0) {
                leaveAncient();
                return;
            }
            if (slots.compareAndSet(index, slot, slot - 1)) {
                return;
            }
        }
    }

    /** One ancient call ends; never below zero, whatever an outcome reported without a token claims. */
    private void leaveAncient() {
        for (;;) {
            long calls = ancient.get();
            if (calls == 0 || ancient.compareAndSet(calls, calls - 1)) {
                return;
            }
        }
    }

    /**
     * The token a call that ends now, after the given duration, had at its start, for outcomes reported
     * without one: the period of its start if calls are counted there, else a neighbour, else the oldest.
     *
     * @param nowNanos      now, on the breaker's ticker
     * @param durationNanos how long the call took
     * @return a token for {@link #exit(long)}
     */
    long tokenOf(long nowNanos, long durationNanos) {
        long period = periodOf(nowNanos - durationNanos);
        long oldest = -1;
        int oldestIndex = -1;
        for (int i = 0; i < SLOTS * STRIPES; i++) {
            long slot = slots.get(i);
            if ((slot & COUNT_MASK) == 0) {
                continue;
            }
            long slotPeriod = periodIn(slot);
            if (slotPeriod >= period - 1 && slotPeriod <= period + 1) {
                return slotPeriod << STRIPE_BITS | i / SLOTS;
            }
            if (oldest < 0 || slotPeriod < oldest) {
                oldest = slotPeriod;
                oldestIndex = i;
            }
        }
        // -1 matches no slot: an ancient call
        return ancient.get() > 0 || oldest < 0 ? -1 : oldest << STRIPE_BITS | oldestIndex / SLOTS;
    }

    /** @return the calls running now */
    int running() {
        long total = Math.max(0, ancient.get());
        for (int i = 0; i < SLOTS * STRIPES; i++) {
            total += slots.get(i) & COUNT_MASK;
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /**
     * The calls running for longer than a duration, to the precision of a period: those whose whole period
     * is at least that long ago.
     *
     * @param nowNanos now, on the breaker's ticker
     * @param ageNanos the duration
     * @return how many there are
     */
    int olderThan(long nowNanos, long ageNanos) {
        long lastOld = periodOf(nowNanos - ageNanos) - 1; // the end of that period is at least age ago
        long total = Math.max(0, ancient.get());
        for (int i = 0; i < SLOTS * STRIPES; i++) {
            long slot = slots.get(i);
            if ((slot & COUNT_MASK) != 0 && periodIn(slot) <= lastOld) {
                total += slot & COUNT_MASK;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /**
     * How long the oldest running call has been running, to the precision of a period (from the start of its
     * period).
     *
     * @param nowNanos now, on the breaker's ticker
     * @return the age in nanoseconds, or -1 when no call is running; an ancient call is given the age of the
     *     oldest period the ring can hold
     */
    long oldestAgeNanos(long nowNanos) {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < SLOTS * STRIPES; i++) {
            long slot = slots.get(i);
            if ((slot & COUNT_MASK) != 0) {
                oldest = Math.min(oldest, periodIn(slot));
            }
        }
        if (ancient.get() > 0) {
            oldest = Math.min(oldest, periodOf(nowNanos) - SLOTS);
        }
        if (oldest == Long.MAX_VALUE) {
            return -1;
        }
        return Math.max(0, nowNanos - (originNanos + (oldest - SLOTS) * widthNanos));
    }
}
