package dev.circuit.spring.actuate;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitSnapshot;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The {@code circuitBreakers} health contributor: one component per breaker of the registry,
 * breakers created later included. CLOSED and DISABLED are UP, HALF_OPEN is {@code HALF_OPEN}, OPEN
 * and FORCED_OPEN are {@code CIRCUIT_OPEN}. Neither custom status lowers the application's overall
 * health (a downstream outage must not get healthy instances killed) unless it is listed in
 * {@code management.endpoint.health.status.order}; a breaker with {@code health.fail-when-open: true}
 * reports DOWN instead when open.
 */
public class CircuitBreakersHealthContributor implements CompositeHealthContributor {

    /** The status of a breaker that is probing. */
    public static final Status HALF_OPEN = new Status("HALF_OPEN", "the breaker is probing the dependency");
    /** The status of an open breaker. */
    public static final Status CIRCUIT_OPEN = new Status("CIRCUIT_OPEN", "the breaker rejects calls");

    private final CircuitBreakerRegistry registry;
    private final Predicate<String> failWhenOpen;

    /**
     * Creates the contributor.
     *
     * @param registry     the breakers
     * @param failWhenOpen whether an open breaker of that name reports DOWN
     */
    public CircuitBreakersHealthContributor(CircuitBreakerRegistry registry, Predicate<String> failWhenOpen) {
        this.registry = registry;
        this.failWhenOpen = failWhenOpen;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return registry.find(name).map(this::indicator).orElse(null);
    }

    @Override
    public Stream<Entry> stream() {
        return registry.all().stream().sorted(Comparator.comparing(CircuitBreaker::name))
            .map(breaker -> new Entry(breaker.name(), indicator(breaker)));
    }

    private HealthIndicator indicator(CircuitBreaker breaker) {
        return () -> health(breaker.snapshot());
    }

    private Health health(CircuitSnapshot snapshot) {
        Status status = switch (snapshot.state()) {
            case CLOSED, DISABLED -> Status.UP;
            case HALF_OPEN -> HALF_OPEN;
            case OPEN, FORCED_OPEN -> failWhenOpen.test(snapshot.name()) ? Status.DOWN : CIRCUIT_OPEN;
        };
        return Health.status(status).withDetails(details(snapshot)).build();
    }

    private static Map<String, Object> details(CircuitSnapshot snapshot) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", snapshot.state());
        details.put("failureCount", snapshot.consecutiveFailures());
        details.put("failureRate", snapshot.failureRate());
        details.put("rejected", snapshot.rejected());
        CircuitEvent failure = snapshot.lastFailure();
        if (failure != null) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("time", failure.time().toString());
            last.put("type", failure.errorType());
            last.put("message", failure.reason());
            last.put("category", failure.category());
            details.put("lastFailure", last);
        }
        if (snapshot.openedAt() != null) {
            details.put("openedAt", snapshot.openedAt().toString());
        }
        if (snapshot.nextAttemptAt() != null) {
            details.put("nextAttemptAt", snapshot.nextAttemptAt().toString());
        }
        return details;
    }
}
