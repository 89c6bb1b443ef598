package dev.circuit.spring.http;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.support.OnDemandBreakers;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.function.IntPredicate;

/**
 * One breaker per remote host for Spring's HTTP clients, named {@code http:<host>:<port>}: the
 * breaker's own entry when configured ({@code circuit.breakers."[http:api.example.com:443]"}), else
 * created on first use from the shared configuration {@code circuit.http-client.base-config}, else
 * {@code circuit.defaults}. At most {@code maxBreakers} hosts get a breaker; requests to further
 * hosts go out unprotected and the limit is logged once.
 */
public final class HostBreakers {

    private final CircuitBreakerConfig config;
    private final IntPredicate failureStatus;
    private final OnDemandBreakers onDemand;

    /**
     * Creates the host breakers.
     *
     * @param registry      the registry the breakers live in
     * @param config        the configuration of hosts that are not configured
     * @param maxBreakers   how many hosts may get a breaker that is not configured
     * @param failureStatus which response statuses count as failures
     */
    public HostBreakers(CircuitBreakerRegistry registry, CircuitBreakerConfig config, int maxBreakers,
                        IntPredicate failureStatus) {
        this.config = config;
        this.failureStatus = failureStatus;
        this.onDemand = new OnDemandBreakers(registry, maxBreakers, "No circuit breaker for {}: {} hosts already have "
            + "one (circuit.http-client.max-breakers); requests to further hosts go out unprotected. Configure the "
            + "hosts that matter under circuit.breakers, or raise the limit.");
    }

    /**
     * The name of the breaker of a request's target.
     *
     * @param uri the request's URI
     * @return {@code http:<host>:<port>}, with the scheme's default port when none is given
     */
    public static String nameOf(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return "http:" + uri.getHost() + ":" + port;
    }

    /**
     * The breaker of a request's target, created on first use.
     *
     * @param uri the request's URI
     * @return the breaker, or null when the limit is reached and the request goes out unprotected
     */
    @Nullable CircuitBreaker forUri(URI uri) {
        return onDemand.breaker(nameOf(uri), () -> config);
    }

    /**
     * Whether a response status counts as a failure of the host.
     *
     * @param status the HTTP status code
     * @return true for a failure
     */
    boolean isFailure(int status) {
        return failureStatus.test(status);
    }
}
