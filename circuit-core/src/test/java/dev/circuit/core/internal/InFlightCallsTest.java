package dev.circuit.core.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightCallsTest {

    private static final long WIDTH = 128; // a power of two, as the tracker rounds to

    @Test
    void callsAreCountedByTheirStartAndLeaveWhereTheyAreCounted() {
        InFlightCalls calls = new InFlightCalls(WIDTH, 0);
        long first = calls.enter(0);
        long second = calls.enter(250);

        assertThat(calls.running()).isEqualTo(2);
        assertThat(calls.olderThan(400, 200)).isEqualTo(1); // the period of 0..127 ended 272 ago; 128..255 only 144
        assertThat(calls.oldestAgeNanos(400)).isEqualTo(400);

        calls.exit(first);
        assertThat(calls.running()).isEqualTo(1);
        assertThat(calls.oldestAgeNanos(400)).isEqualTo(400 - 128);
        calls.exit(second);
        assertThat(calls.running()).isZero();
        assertThat(calls.oldestAgeNanos(400)).isEqualTo(-1);
    }

    @Test
    void theWidthIsRoundedDownToAPowerOfTwo() {
        InFlightCalls calls = new InFlightCalls(100, 0);
        calls.enter(70); // in the period 64..127, not 0..99

        assertThat(calls.oldestAgeNanos(100)).isEqualTo(36);
    }

    @Test
    void aCallWhoseSlotANewerPeriodTookOverIsAncientAndStillLeaves() {
        InFlightCalls calls = new InFlightCalls(WIDTH, 0);
        long old = calls.enter(10);
        long newer = calls.enter(10 + InFlightCalls.SLOTS * WIDTH); // the same slot, a full ring later

        assertThat(calls.running()).isEqualTo(2);
        assertThat(calls.olderThan(10 + InFlightCalls.SLOTS * WIDTH, WIDTH * 10)).isEqualTo(1);
        assertThat(calls.oldestAgeNanos(10 + InFlightCalls.SLOTS * WIDTH)).isGreaterThanOrEqualTo(InFlightCalls.SLOTS * WIDTH);

        calls.exit(old);
        calls.exit(newer);
        assertThat(calls.running()).isZero();
    }

    @Test
    void aLateStarterOlderThanItsSlotIsAncient() {
        InFlightCalls calls = new InFlightCalls(WIDTH, 0);
        long newer = calls.enter(5 + InFlightCalls.SLOTS * WIDTH);
        long late = calls.enter(5); // read its start long ago, entered after the slot moved on

        assertThat(calls.running()).isEqualTo(2);
        calls.exit(late);
        calls.exit(newer);
        assertThat(calls.running()).isZero();
    }

    @Test
    void outcomesReportedWithoutATokenFindTheirPeriodAndNeverGoBelowZero() {
        InFlightCalls calls = new InFlightCalls(WIDTH, 0);
        calls.enter(120);
        calls.enter(530);

        calls.exit(calls.tokenOf(600, 480)); // started at 120
        assertThat(calls.oldestAgeNanos(600)).isEqualTo(600 - 512); // the call of the period from 512 is left
        calls.exit(calls.tokenOf(600, 5_000)); // a duration that fits no period: the oldest leaves
        calls.exit(calls.tokenOf(600, 0)); // more ends than starts
        calls.exit(calls.tokenOf(600, 0));

        assertThat(calls.running()).isZero();
        calls.enter(700);
        assertThat(calls.running()).isEqualTo(1);
    }

    @Test
    void noCountIsLostUnderManyThreadsWhileSlotsAreTakenOver() throws Exception {
        for (int round = 0; round < 20; round++) {
            InFlightCalls calls = new InFlightCalls(1, 0);
            AtomicLong clock = new AtomicLong();
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        List<Long> held = new ArrayList<>();
                        for (int i = 0; i < 20_000; i++) {
                            // starts spread over many rings, some read late, calls held for a while
                            long now = clock.addAndGet(ThreadLocalRandom.current().nextInt(3));
                            held.add(calls.enter(now - ThreadLocalRandom.current().nextInt(200)));
                            if (held.size() > 5 || ThreadLocalRandom.current().nextBoolean()) {
                                calls.exit(held.remove(ThreadLocalRandom.current().nextInt(held.size())));
                            }
                        }
                        held.forEach(calls::exit);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(calls.running()).as("round " + round).isZero();
        }
    }
}
