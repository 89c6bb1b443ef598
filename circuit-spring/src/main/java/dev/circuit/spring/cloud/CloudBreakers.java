package dev.circuit.spring.cloud;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.support.OnDemandBreakers;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.function.Function;

/**
 * The registry's breakers as Spring Cloud's factories hand them out, shared by the blocking and the
 * reactive factory. An id names a breaker of the registry: one configured under
 * {@code circuit.breakers.<id>} exists from start-up; another (OpenFeign's {@code Client#method(Args)},
 * say) is created on first use, from a customiser's configuration, else the group's breaker's, else
 * {@code configureDefault}'s, else {@code circuit.defaults}. At most {@code maxBreakers} are created
 * this way; past that, calls of new ids run unprotected and the limit is logged once.
 */
public final class CloudBreakers {

    private final CircuitBreakerRegistry registry;
    private final OnDemandBreakers onDemand;
    private volatile Function<String, CircuitBreakerConfig> defaults;

    /**
     * Creates the breakers' source.
     *
     * @param registry    the registry the breakers live in
     * @param maxBreakers how many breakers may be created for ids that are not configured
     */
    public CloudBreakers(CircuitBreakerRegistry registry, int maxBreakers) {
        this.registry = registry;
        this.onDemand = new OnDemandBreakers(registry, maxBreakers, "Spring Cloud asked for circuit breaker '{}', but "
            + "{} breakers were already created for ids that are not configured (circuit.spring-cloud.max-breakers); "
            + "calls of new ids run unprotected. Configure them under circuit.breakers, use group breakers, or raise "
            + "the limit.");
    }

    /** @param defaults the configuration of ids that nothing else configures, by id */
    void configureDefault(Function<String, CircuitBreakerConfig> defaults) {
        this.defaults = defaults;
    }

    /**
     * The configuration a new breaker of an id would get, customisers left aside.
     *
     * @param id    the id
     * @param group its group, or null
     * @return the configuration
     */
    CircuitBreakerConfig baseConfig(String id, @Nullable String group) {
        CircuitBreaker existing = registry.find(id).orElse(null);
        if (existing != null) {
            return existing.config();
        }
        CircuitBreaker groupBreaker = group == null ? null : registry.find(group).orElse(null);
        if (groupBreaker != null) {
            return groupBreaker.config();
        }
        Function<String, CircuitBreakerConfig> fallback = defaults;
        return fallback != null ? fallback.apply(id) : registry.defaultConfig();
    }

    /**
     * The breaker of an id, created on first use.
     *
     * @param id         the id
     * @param group      its group, or null
     * @param customized the configuration a customiser made for the id, or null
     * @return the breaker, or null when the limit is reached and the call must run unprotected
     */
    @Nullable CircuitBreaker breaker(String id, @Nullable String group, @Nullable CircuitBreakerConfig customized) {
        return onDemand.breaker(id, () -> customized != null ? customized : baseConfig(id, group));
    }

    /**
     * Applies a customiser's configurations to the breakers that already exist.
     *
     * @param ids            the ids the customiser configured
     * @param configurations the factory's configurations by id
     */
    void customized(String[] ids, Map<String, CircuitBreakerConfig> configurations) {
        for (String id : ids) {
            registry.find(id).ifPresent(breaker -> breaker.reconfigure(configurations.get(id)));
        }
    }
}
