package dev.circuit.sample.monitoring;

import dev.circuit.sample.SampleProperties;
import dev.circuit.sample.chaos.Chaos;
import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.net.URI;

/** Checks the downstream service's health, behind the {@code health_check} breaker. */
@Component
public class DownstreamHealthCheck {

    private final RestClient http;
    private final URI url;

    DownstreamHealthCheck(SampleProperties properties, Chaos chaos) {
        this.http = HttpClients.forDependency(properties.monitoring().timeout(), chaos, "health_check");
        this.url = properties.monitoring().downstreamUrl();
    }

    /**
     * Asks the downstream service how it is.
     *
     * @return its answer
     * @throws org.springframework.web.client.RestClientException when it cannot be reached or is unhealthy
     */
    @CircuitProtected("health_check")
    public String check() {
        return http.get().uri(url).retrieve().body(String.class);
    }
}
