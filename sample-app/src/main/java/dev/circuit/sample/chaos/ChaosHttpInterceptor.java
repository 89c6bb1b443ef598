package dev.circuit.sample.chaos;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;
import java.net.ConnectException;

/** Puts a fault at an HTTP client's boundary: a struck request fails like a refused connection. */
public final class ChaosHttpInterceptor implements ClientHttpRequestInterceptor {

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
        if (chaos.strikes(dependency)) {
            throw new ConnectException("chaos: connection to " + request.getURI().getAuthority() + " refused");
        }
        return execution.execute(request, body);
    }
}
