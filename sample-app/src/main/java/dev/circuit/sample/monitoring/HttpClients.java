package dev.circuit.sample.monitoring;

import dev.circuit.sample.chaos.Chaos;
import dev.circuit.sample.chaos.ChaosHttpInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.time.Duration;

/** HTTP clients with timeouts, each with its dependency's fault injection at the boundary. */
public final class HttpClients {

    private HttpClients() {
    }

    /**
     * A client for one dependency.
     *
     * @param timeout    connect and read timeout
     * @param chaos      the faults
     * @param dependency the dependency it calls, which names its fault
     * @return the client
     */
    public static RestClient forDependency(Duration timeout, Chaos chaos, String dependency) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
            HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        return RestClient.builder().requestFactory(requests)
            .requestInterceptor(new ChaosHttpInterceptor(chaos, dependency)).build();
    }
}
