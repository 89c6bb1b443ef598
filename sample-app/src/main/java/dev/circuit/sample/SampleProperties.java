package dev.circuit.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * The sample's own settings, under {@code sample.*}.
 *
 * @param monitoring the monitoring loop
 * @param pipeline   the ingestion job
 * @param kafka      the order events
 */
@ConfigurationProperties(prefix = "sample")
public record SampleProperties(Monitoring monitoring, Pipeline pipeline, Kafka kafka) {

    /**
     * The monitoring loop.
     *
     * @param interval     how often it runs
     * @param downstreamUrl the health URL of the downstream service it checks
     * @param collectorUrl the URL it pushes metrics to
     * @param timeout      the timeout of each HTTP call
     */
    public record Monitoring(Duration interval, URI downstreamUrl, URI collectorUrl, Duration timeout) {
    }

    /**
     * The ingestion job.
     *
     * @param interval  how often it pulls a batch
     * @param sourceUrl where it pulls records from
     */
    public record Pipeline(Duration interval, URI sourceUrl) {
    }

    /**
     * The order events.
     *
     * @param topic         the topic order-created events go to
     * @param relayInterval how often the outbox is drained
     * @param sendTimeout   how long one publish may take before it counts as failed
     */
    public record Kafka(String topic, Duration relayInterval, Duration sendTimeout) {
    }
}
