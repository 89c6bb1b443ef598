package dev.circuit.spring.boot.actuate;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;

import java.util.Comparator;
import java.util.Iterator;
import java.util.function.Predicate;

/**
 * The {@code circuitBreakers} health contributor (Spring Boot 3.5's health API): one component per
 * breaker of the registry, breakers created later included, each reporting its {@link BreakerHealth}.
 * Neither custom status lowers the application's overall health (a downstream outage must not get
 * healthy instances killed) unless it is listed in {@code management.endpoint.health.status.order}.
 */
public class CircuitBreakersHealthContributor implements CompositeHealthContributor {

    /** The status of a breaker that is probing. */
    public static final Status HALF_OPEN = new Status(BreakerHealth.HALF_OPEN, BreakerHealth.HALF_OPEN_DESCRIPTION);
    /** The status of an open breaker. */
    public static final Status CIRCUIT_OPEN = new Status(BreakerHealth.CIRCUIT_OPEN, BreakerHealth.CIRCUIT_OPEN_DESCRIPTION);

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
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return registry.all().stream().sorted(Comparator.comparing(CircuitBreaker::name))
            .map(breaker -> NamedContributor.<HealthContributor>of(breaker.name(), indicator(breaker)))
            .iterator();
    }

    private HealthIndicator indicator(CircuitBreaker breaker) {
        return () -> {
            BreakerHealth health = BreakerHealth.of(breaker.snapshot(), failWhenOpen.test(breaker.name()));
            return Health.status(status(health.status())).withDetails(health.details()).build();
        };
    }

    private static Status status(String code) {
        return switch (code) {
            case BreakerHealth.HALF_OPEN -> HALF_OPEN;
            case BreakerHealth.CIRCUIT_OPEN -> CIRCUIT_OPEN;
            default -> new Status(code);
        };
    }
}
