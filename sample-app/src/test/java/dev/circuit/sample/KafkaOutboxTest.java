package dev.circuit.sample;

import dev.circuit.sample.events.OutboxRepository;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Kafka broker goes away and comes back: orders keep being accepted at once, their events wait
 * in the outbox, and afterwards exactly those events arrive, in order, each once.
 */
@EmbeddedKafka(partitions = 1, topics = "order-created",
    brokerProperties = {"broker.session.timeout.ms=2000", "broker.heartbeat.interval.ms=200"})
@SampleApplicationTest
@TestPropertySource(properties = {
    "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
    "circuit.breakers.kafka.failure-threshold=2",
    "circuit.breakers.kafka.recovery-timeout=1s",
    "circuit.breakers.kafka.backoff-multiplier=1",
    "sample.kafka.relay-interval=100ms",
    "logging.level.org.apache.kafka=WARN",
    "logging.level.kafka=WARN",
    "logging.level.state.change.logger=WARN"
})
class KafkaOutboxTest {

    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":(\\d+)");

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "kafka");
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    OutboxRepository outbox;

    private KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "verifier", false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("order-created"));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    private long placeOrder(String item) {
        ResponseEntity<String> response = RestClient.create("http://127.0.0.1:" + port).post().uri("/orders")
            .contentType(MediaType.APPLICATION_JSON).body("{\"item\": \"" + item + "\", \"quantity\": 1}")
            .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(response.getBody());
        assertThat(id.find()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private List<Long> receivedOrderIds() {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        List<Long> ids = new ArrayList<>();
        for (ConsumerRecord<String, String> record : received) {
            Matcher id = ORDER_ID.matcher(record.value());
            assertThat(id.find()).as(record.value()).isTrue();
            ids.add(Long.parseLong(id.group(1)));
            assertThat(record.key()).isEqualTo(id.group(1));
        }
        return ids;
    }

    @Test
    void eventsWaitInTheOutboxWhileKafkaIsDownAndArriveOnceInOrderAfterwards() throws Exception {
        List<Long> placed = new ArrayList<>();
        placed.add(placeOrder("before"));
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedOrderIds().size() == 1);

        var cluster = ((EmbeddedKafkaKraftBroker) broker).getCluster();
        var server = cluster.brokers().get(0);
        server.shutdown();
        server.awaitShutdown();

        int n = 5;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            placed.add(placeOrder("during-" + i));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> outbox.size() == n);
        assertThat(receivedOrderIds()).hasSize(1);

        server.startup();
        cluster.waitForReadyBrokers();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
            .until(() -> outbox.size() == 0 && receivedOrderIds().size() >= n + 1);
        Thread.sleep(500); // any duplicate would arrive now
        assertThat(receivedOrderIds()).containsExactlyElementsOf(placed);
    }
}
