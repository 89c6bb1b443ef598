package dev.circuit.spring.http;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.spring.reactor.ReactorProtection;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Protects every exchange of a {@code WebClient} by its target host's breaker, as
 * {@link CircuitRequestInterceptor} does for {@code RestClient}: each subscription asks for
 * permission, and the response's status (or the error) is recorded when it arrives.
 */
public class CircuitExchangeFilter implements ExchangeFilterFunction {

    private final HostBreakers breakers;

    /**
     * Creates the filter.
     *
     * @param breakers the host breakers
     */
    public CircuitExchangeFilter(HostBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        CircuitBreaker breaker = breakers.forUri(request.url());
        if (breaker == null) {
            return next.exchange(request);
        }
        return ReactorProtection.protect(breaker, next.exchange(request), (response, durationNanos) -> {
            int status = response.statusCode().value();
            if (breakers.isFailure(status)) {
                breaker.onError(durationNanos, new HttpStatusFailure(breaker.name(), status));
            } else {
                breaker.onSuccess(durationNanos);
            }
        });
    }
}
