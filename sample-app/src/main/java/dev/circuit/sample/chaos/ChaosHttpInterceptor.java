package dev.circuit.sample.chaos;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;
import java.net.ConnectException;

/**
 * Puts a fault at an HTTP client's boundary: a struck request fails like a refused connection, and the
 * latency travels with the request ({@value #LATENCY_HEADER}) to the in-app stand-in, which waits
 * before it answers, so that the client's read timeout sees it as it would see a slow server.
 */
public final class ChaosHttpInterceptor implements ClientHttpRequestInterceptor {

    /** The header that asks a stand-in to answer this much later, in milliseconds. */
    public static final String LATENCY_HEADER = "X-Chaos-Latency-Ms";

    private final Chaos chaos;
    private final String dependency;

    /**
     * @param chaos      the faults
     * @param dependency the dependency this client calls
     */
    public ChaosHttpInterceptor(Chaos chaos, String dependency) {
        this.chaos = chaos;
        this.dependency = dependency;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
        throws IOException {
        if (chaos.fails(dependency)) {
            throw new ConnectException("chaos: connection to " + request.getURI().getAuthority() + " refused");
        }
        long latency = chaos.latencyMs(dependency);
        if (latency > 0) {
            request.getHeaders().set(LATENCY_HEADER, String.valueOf(latency));
        }
        return execution.execute(request, body);
    }
}
