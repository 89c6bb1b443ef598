package dev.circuit.spring.support;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Breakers created on first use for names nobody configured (Spring Cloud's ids, remote hosts), at most
 * a bound of them: a configured breaker is always found; past the bound a new name gets no breaker (its
 * calls go out unprotected) and the limit is logged once.
 */
public final class OnDemandBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(OnDemandBreakers.class);

    private final CircuitBreakerRegistry registry;
    private final int max;
    private final String limitMessage;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean limitLogged = new AtomicBoolean();

    /**
     * @param registry     the registry the breakers live in
     * @param max          how many breakers may be created on demand
     * @param limitMessage the warning logged once the limit is reached, with {@code {}} for the refused
     *                     name and the limit, in that order
     */
    public OnDemandBreakers(CircuitBreakerRegistry registry, int max, String limitMessage) {
        this.registry = registry;
        this.max = max;
        this.limitMessage = limitMessage;
    }

    /**
     * The breaker of a name: the registry's, or one created now.
     *
     * @param name   the breaker's name
     * @param config the configuration of a breaker created now
     * @return the breaker, or null when the limit is reached
     */
    public @Nullable CircuitBreaker breaker(String name, Supplier<CircuitBreakerConfig> config) {
        CircuitBreaker existing = registry.find(name).orElse(null);
        if (existing != null) {
            return existing;
        }
        if (!created.contains(name) && created.size() >= max) {
            if (limitLogged.compareAndSet(false, true)) {
                LOG.warn(limitMessage, name, max);
            }
            return null;
        }
        created.add(name);
        return registry.breaker(name, config.get());
    }
}
