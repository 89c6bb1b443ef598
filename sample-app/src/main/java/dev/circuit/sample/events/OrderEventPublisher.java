package dev.circuit.sample.events;

import dev.circuit.sample.SampleProperties;
import dev.circuit.sample.chaos.Chaos;
import dev.circuit.spring.annotation.CircuitProtected;
import org.apache.kafka.common.errors.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Publishes one order event to Kafka and waits for the broker's acknowledgement, behind the {@code kafka} breaker. */
@Component
public class OrderEventPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final Chaos chaos;
    private final SampleProperties.Kafka settings;

    OrderEventPublisher(KafkaTemplate<String, String> kafka, Chaos chaos, SampleProperties properties) {
        this.kafka = kafka;
        this.chaos = chaos;
        this.settings = properties.kafka();
    }

    /**
     * Publishes an event, keyed by its order, and waits until the broker has it.
     *
     * @param entry the event
     * @throws Exception when the broker did not acknowledge it in time
     */
    @CircuitProtected("kafka")
    public void publish(OutboxRepository.Entry entry) throws Exception {
        if (chaos.strikes("kafka")) {
            throw new TimeoutException("chaos: topic " + settings.topic() + " not present in metadata");
        }
        try {
            kafka.send(settings.topic(), Long.toString(entry.orderId()), entry.payload())
                .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
