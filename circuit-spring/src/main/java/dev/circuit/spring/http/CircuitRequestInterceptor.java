package dev.circuit.spring.http;

import dev.circuit.core.CircuitBreaker;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * Protects every request of a {@code RestClient} by its target host's breaker: while the circuit is
 * open the request is not sent and the caller gets {@link dev.circuit.core.CircuitOpenException};
 * connection errors, timeouts and failure statuses (5xx by default) count as failures, other
 * responses (4xx included) as successes.
 */
public class CircuitRequestInterceptor implements ClientHttpRequestInterceptor {

    private final HostBreakers breakers;

    /**
     * Creates the interceptor.
     *
     * @param breakers the host breakers
     */
    public CircuitRequestInterceptor(HostBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        CircuitBreaker breaker = breakers.forUri(request.getURI());
        if (breaker == null) {
            return execution.execute(request, body);
        }
        breaker.acquirePermission();
        LongSupplier ticker = breaker.config().ticker();
        long start = ticker.getAsLong();
        ClientHttpResponse response;
        try {
            response = execution.execute(request, body);
        } catch (IOException | RuntimeException | Error e) {
            breaker.onError(ticker.getAsLong() - start, e);
            throw e;
        }
        int status = response.getStatusCode().value();
        if (breakers.isFailure(status)) {
            breaker.onError(ticker.getAsLong() - start, new HttpStatusFailure(breaker.name(), status));
        } else {
            breaker.onSuccess(ticker.getAsLong() - start);
        }
        return response;
    }
}
