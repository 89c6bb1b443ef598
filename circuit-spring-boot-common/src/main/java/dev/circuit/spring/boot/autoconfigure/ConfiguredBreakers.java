package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.boot.config.BreakerConfigFactory;
import dev.circuit.spring.boot.config.BreakerProperties;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The breakers of {@code circuit.breakers}, put into the {@link CircuitBreakerRegistry} at start-up, with the
 * shared configurations of {@code circuit.configs}. The predefined breakers that no property names are declared
 * in the registry with their configurations, validated now: each is created the first time something asks for
 * it by name (an annotation, the endpoint, the application), so that an application pays for those it uses.
 * It is also where {@code @CircuitProtected} finds its breakers, and the health contributor learns
 * which of them should fail health when open.
 */
public final class ConfiguredBreakers {

    private final CircuitBreakerRegistry registry;
    private final BreakerConfigFactory configs;
    private final boolean createMissing;
    private final boolean failWhenOpenByDefault;
    private final Map<String, Boolean> failWhenOpen = new ConcurrentHashMap<>();
    private final Map<String, Boolean> clustered = new LinkedHashMap<>();
    private final boolean clusteredByDefault;

    /**
     * Validates every configured breaker and creates it in the registry, or declares it there for a predefined
     * breaker no property names.
     *
     * @param registry    the registry (the starter's or the application's own)
     * @param configs     turns properties into configurations
     * @param properties  the bound {@code circuit.*} properties
     * @param environment where the breaker names are read as written
     */
    public ConfiguredBreakers(CircuitBreakerRegistry registry, BreakerConfigFactory configs,
                              CircuitProperties properties, ConfigurableEnvironment environment) {
        this.registry = registry;
        this.configs = configs;
        this.createMissing = properties.isCreateMissingBreakers();
        this.failWhenOpenByDefault = Boolean.TRUE.equals(properties.getDefaults().getHealth().getFailWhenOpen());
        this.clusteredByDefault = !Boolean.FALSE.equals(properties.getDefaults().getCluster().getEnabled());
        properties.getConfigs().keySet().forEach(name -> registry.addConfig(name, configs.sharedConfig(name)));
        Map<String, BreakerProperties> breakers = new BreakerNames(environment, configs.predefinedNames())
            .resolve(properties.getBreakers());
        configs.predefinedNames().stream().filter(name -> !breakers.containsKey(name))
            .forEach(name -> registry.declare(name, configs.forBreaker(name, new BreakerProperties())));
        breakers.forEach((name, settings) -> {
            registry.breaker(name, configs.forBreaker(name, settings));
            Boolean fail = settings.getHealth().getFailWhenOpen();
            if (fail != null) {
                failWhenOpen.put(name, fail);
            }
            Boolean shared = settings.getCluster().getEnabled();
            if (shared != null) {
                clustered.put(name, shared);
            }
        });
    }

    /**
     * The breaker of that name, for an annotation; a predefined breaker is created now if nothing asked for it
     * before.
     *
     * @param name            the breaker's name
     * @param createIfMissing whether to create it from {@code circuit.defaults} when nobody configured it,
     *                        whatever {@code circuit.create-missing-breakers} says (Resilience4j's annotation
     *                        without its YAML); otherwise only with {@code circuit.create-missing-breakers}
     * @return the breaker
     * @throws NoSuchBreakerException when no breaker of that name is configured or predefined, and none may be
     *     created
     */
    public CircuitBreaker breaker(String name, boolean createIfMissing) {
        return registry.find(name).orElseGet(() -> {
            if (!createMissing && !createIfMissing) {
                throw new NoSuchBreakerException(name, registry.names());
            }
            return registry.breaker(name, configs.defaults());
        });
    }

    /**
     * Whether an open circuit makes the health of that breaker DOWN.
     *
     * @param name the breaker's name
     * @return {@code circuit.breakers.<name>.health.fail-when-open}, else the default's, else false
     */
    public boolean failWhenOpen(String name) {
        return failWhenOpen.getOrDefault(name, failWhenOpenByDefault);
    }

    /**
     * Sets whether an open circuit makes the health of a breaker made elsewhere (from Resilience4j's YAML)
     * DOWN.
     *
     * @param name         the breaker's name
     * @param failWhenOpen whether its health is DOWN while it is open
     */
    public void setFailWhenOpen(String name, boolean failWhenOpen) {
        this.failWhenOpen.put(name, failWhenOpen);
    }

    /**
     * Whether a breaker shares its decisions with the fleet in fleet mode.
     *
     * @param name the breaker's name
     * @return {@code circuit.breakers.<name>.cluster.enabled}, else the default's, else true
     */
    public boolean clustered(String name) {
        return clustered.getOrDefault(name, clusteredByDefault);
    }

    /** @return the registry */
    public CircuitBreakerRegistry registry() {
        return registry;
    }
}
