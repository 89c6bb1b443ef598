package dev.circuit.sample.web;

import dev.circuit.sample.orders.OrderService;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;

/** A little order traffic in the demo, so that the database and Kafka breakers have calls to judge. */
@Component
@Profile("demo")
public class DemoTraffic {

    private static final List<String> ITEMS = List.of("book", "lamp", "chair", "mug", "plant");

    private final OrderService orders;
    private long placed;

    DemoTraffic(OrderService orders) {
        this.orders = orders;
    }

    /** Places an order and reads it back; failures are what the demo is about, so they are only counted. */
    @Scheduled(fixedDelayString = "${sample.demo.traffic-interval:400ms}")
    public void placeAndRead() {
        try {
            long id = orders.place(ITEMS.get((int) (placed++ % ITEMS.size())), 1, null).order().id();
            orders.find(id);
        } catch (RuntimeException expectedDuringOutages) {
            // the breakers count it; the status page shows it
        }
    }
}
