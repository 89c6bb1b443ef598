package dev.circuit.sample.events;

import dev.circuit.core.CircuitOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Drains the outbox in order whenever the {@code kafka} breaker permits calls: publishes the oldest
 * event, removes it once the broker has acknowledged it, and stops at the first event that could not
 * be published, so that events leave in the order their orders were stored. HTTP requests never wait
 * for this. An event is removed only after its acknowledgement; a crash between the two could publish
 * it again, which consumers handle by its order id.
 */
@Component
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final OutboxRepository outbox;
    private final OrderEventPublisher publisher;
    private volatile boolean blocked;

    OutboxRelay(OutboxRepository outbox, OrderEventPublisher publisher) {
        this.outbox = outbox;
        this.publisher = publisher;
    }

    /** Publishes what waits in the outbox, in order, until it is empty or a publish fails. */
    @Scheduled(fixedDelayString = "${sample.kafka.relay-interval}")
    public void drain() {
        try {
            List<OutboxRepository.Entry> waiting = outbox.oldest(BATCH);
            for (OutboxRepository.Entry entry : waiting) {
                publisher.publish(entry);
                outbox.remove(entry.id());
            }
            if (blocked) {
                LOG.info("Outbox relay: publishing again");
                blocked = false;
            }
        } catch (CircuitOpenException rejected) {
            report(rejected.getMessage());
        } catch (Exception failure) {
            report(failure.toString());
        }
    }

    private void report(String why) {
        if (!blocked) {
            LOG.warn("Outbox relay: events wait in the outbox ({})", why);
            blocked = true;
        }
    }
}
