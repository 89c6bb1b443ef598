package dev.circuit.sample.pipeline;

import dev.circuit.sample.SampleProperties;
import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Pulls a batch of records from the source, behind the {@code pipeline} breaker. The breaker's result
 * predicate marks a batch with bad records as a failure, and its manual recovery keeps the circuit
 * open until an operator has looked at the data.
 */
@Component
public class PipelineSource {

    private final RestClient http;
    private final URI url;

    PipelineSource(SampleProperties properties) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(5));
        this.http = RestClient.builder().requestFactory(requests).build();
        this.url = properties.pipeline().sourceUrl();
    }

    /**
     * Pulls one batch.
     *
     * @return the batch, good or bad: the caller still checks it
     */
    @CircuitProtected("pipeline")
    public Batch fetch() {
        return http.get().uri(url).retrieve().body(Batch.class);
    }
}
