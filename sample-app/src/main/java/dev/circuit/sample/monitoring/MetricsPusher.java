package dev.circuit.sample.monitoring;

import dev.circuit.sample.SampleProperties;
import dev.circuit.sample.chaos.Chaos;
import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.URI;

/** Pushes a small metrics payload to the collector, behind the {@code metrics_export} breaker. */
@Component
public class MetricsPusher {

    private final RestClient http;
    private final URI url;

    MetricsPusher(SampleProperties properties, Chaos chaos) {
        this.http = HttpClients.forDependency(properties.monitoring().timeout(), chaos, "metrics_export");
        this.url = properties.monitoring().collectorUrl();
    }

    /**
     * Pushes one payload.
     *
     * @param json the payload
     * @throws org.springframework.web.client.RestClientException when the collector cannot be reached or refuses it
     */
    @CircuitProtected("metrics_export")
    public void push(String json) {
        http.post().uri(url).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().toBodilessEntity();
    }
}
