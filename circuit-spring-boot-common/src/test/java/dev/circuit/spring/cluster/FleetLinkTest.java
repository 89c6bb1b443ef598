package dev.circuit.spring.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The link to Redis: what its once-a-second check concludes. */
class FleetLinkTest {

    /** A Redis whose PING can be made to hang until the checking thread is interrupted. */
    private static final class HangingTransport extends InMemoryFleetTransport {
        final AtomicBoolean hang = new AtomicBoolean();
        final Semaphore pinging = new Semaphore(0);

        HangingTransport() {
            super(new Server(java.time.InstantSource.system()));
        }

        @Override
        public boolean ping() {
            if (hang.get()) {
                pinging.release();
                try {
                    new Semaphore(0).acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.ping();
        }
    }

    private static void interruptedCheck(FleetLink link, HangingTransport transport, boolean closeFirst) throws Exception {
        transport.hang.set(true);
        Thread checking = new Thread(link::check);
        checking.start();
        assertThat(transport.pinging.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        if (closeFirst) {
            link.close(); // as Fleet.stop() does: the link first, then the monitor's thread is interrupted
        }
        checking.interrupt();
        checking.join(5_000);
        assertThat(checking.isAlive()).isFalse();
        transport.hang.set(false);
    }

    @Test
    void anInterruptedCheckIsAnOutageUnlessTheLinkIsShuttingDown() throws Exception {
        HangingTransport transport = new HangingTransport();
        FleetLink link = new FleetLink(transport, Duration.ofSeconds(30), "orders", () -> { });
        link.check();
        assertThat(link.connected()).isTrue();

        interruptedCheck(link, transport, false);
        assertThat(link.connected()).as("an unanswered check of an open link").isFalse();
        link.check();
        assertThat(link.connected()).isTrue();

        interruptedCheck(link, transport, true);
        assertThat(link.connected()).as("a check cut short by shutting down reports no outage").isTrue();
    }
}
