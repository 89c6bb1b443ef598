package dev.circuit.core.internal;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.SlidingWindowType;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outcomes of the last N calls, in a ring of one byte per call.
 *
 * <p>Each slot holds a small code (present, failed, slow). Recording swaps the code into the next slot
 * atomically and adds the difference between the new and the old code to one packed counter that
 * holds calls, failures and slow calls in 21-bit fields. When a success replaces a success, which is
 * the steady state of a healthy dependency, neither the slot nor the counter is written at all. Fields may dip below
 * zero for an instant while another thread's difference is still on its way, so they are decoded as
 * signed values. Slow failures, read only by meters, have a counter of their own, written only when a
 * slow failure enters or leaves the ring.
 */
final class CountWindow implements SlidingWindow {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(byte[].class);

    private static final int PRESENT = 1;
    private static final int FAILED = 2;
    private static final int SLOW = 4;
    private static final int FIELD_BITS = 21;
    private static final int SLOW_FAILED = FAILED | SLOW;

    private final byte[] slots;
    private final AtomicInteger cursor = new AtomicInteger();
    private final AtomicLong packedCounts = new AtomicLong();
    private final AtomicInteger slowFailures = new AtomicInteger();

    CountWindow(int size) {
        this.slots = new byte[size];
    }

    @Override
    public boolean record(boolean failure, boolean slow) {
        int code = PRESENT | (failure ? FAILED : 0) | (slow ? SLOW : 0);
        int slot = (cursor.getAndIncrement() & Integer.MAX_VALUE) % slots.length;
        if ((byte) SLOTS.getVolatile(slots, slot) == code) {
            return false; // the slot already says so: no write, so threads do not fight over the cache line
        }
        int old = (byte) SLOTS.getAndSet(slots, slot, (byte) code);
        if (old == code) {
            return false;
        }
        packedCounts.getAndAdd(delta(code) - delta(old));
        int slowFailed = ((code & SLOW_FAILED) == SLOW_FAILED ? 1 : 0) - ((old & SLOW_FAILED) == SLOW_FAILED ? 1 : 0);
        if (slowFailed != 0) {
            slowFailures.getAndAdd(slowFailed);
        }
        return true;
    }

    /** The packed contribution of one slot code to the counters. */
    private static long delta(int code) {
        return (code & PRESENT)
            + ((long) ((code & FAILED) >> 1) << FIELD_BITS)
            + ((long) ((code & SLOW) >> 2) << (2 * FIELD_BITS));
    }

    @Override
    public int calls() {
        return field(packedCounts.get(), 0);
    }

    @Override
    public int failures() {
        return field(packedCounts.get(), 1);
    }

    @Override
    public int slowCalls() {
        return field(packedCounts.get(), 2);
    }

    @Override
    public int slowFailures() {
        return Math.max(0, slowFailures.get());
    }

    /** Decodes one signed 21-bit field; lower fields are removed first so that their sign borrows back. */
    static int field(long packed, int index) {
        long rest = packed;
        for (int i = 0; i < index; i++) {
            rest = (rest - signExtend(rest)) >> FIELD_BITS;
        }
        return (int) Math.max(0, signExtend(rest));
    }

    private static long signExtend(long value) {
        return (value << (64 - FIELD_BITS)) >> (64 - FIELD_BITS);
    }

    @Override
    public boolean fits(CircuitBreakerConfig config) {
        return config.slidingWindowType() == SlidingWindowType.COUNT_BASED
            && config.slidingWindowSize() == slots.length;
    }
}
