package dev.circuit.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The named breakers of an application, created on first use and shared afterwards. Thread safe:
 * any number of threads asking for the same name get the same instance.
 *
 * <p>Listeners added here are attached to every breaker of the registry, including breakers created
 * later. Named shared configurations let breakers of one kind share settings:
 * {@code registry.addConfig("slow-backends", cfg); registry.breaker("partner-api", "slow-backends")}.
 *
 * <p>A breaker can also be declared ({@link #declare(String, CircuitBreakerConfig)}): it costs nothing until
 * someone asks for it by name, and is then created with its declared configuration.
 */
public final class CircuitBreakerRegistry {

    private final CircuitBreakerConfig defaultConfig;
    private final Map<String, CircuitBreakerConfig> configs = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreakerConfig> declared = new ConcurrentHashMap<>();
    private final List<CircuitListener> listeners = new CopyOnWriteArrayList<>();
    private final List<RegistryListener> registryListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    private CircuitBreakerRegistry(CircuitBreakerConfig defaultConfig) {
        this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig");
    }

    /**
     * A registry whose breakers default to {@link CircuitBreakerConfig#defaults()}.
     *
     * @return a new, empty registry
     */
    public static CircuitBreakerRegistry of() {
        return new CircuitBreakerRegistry(CircuitBreakerConfig.defaults());
    }

    /**
     * A registry whose breakers default to the given configuration.
     *
     * @param defaultConfig the configuration of breakers created without one
     * @return a new, empty registry
     */
    public static CircuitBreakerRegistry of(CircuitBreakerConfig defaultConfig) {
        return new CircuitBreakerRegistry(defaultConfig);
    }

    /** @return the configuration of breakers created without one */
    public CircuitBreakerConfig defaultConfig() {
        return defaultConfig;
    }

    /**
     * Adds or replaces a named shared configuration. Breakers created from it earlier keep theirs.
     *
     * @param configName the configuration's name
     * @param config     the configuration
     */
    public void addConfig(String configName, CircuitBreakerConfig config) {
        configs.put(Objects.requireNonNull(configName, "configName"), Objects.requireNonNull(config, "config"));
    }

    /**
     * A named shared configuration.
     *
     * @param configName the configuration's name
     * @return the configuration, if there is one of that name
     */
    public Optional<CircuitBreakerConfig> config(String configName) {
        return Optional.ofNullable(configs.get(configName));
    }

    /**
     * The breaker of that name, created with the default configuration if there is none yet.
     *
     * @param name the breaker's name
     * @return the breaker
     */
    public CircuitBreaker breaker(String name) {
        return breaker(name, defaultConfig);
    }

    /**
     * The breaker of that name, created with the given configuration if there is none yet. An
     * existing breaker keeps its configuration; use {@link #reconfigure(String, CircuitBreakerConfig)}
     * to change it. A declared breaker is created with its declared configuration.
     *
     * @param name   the breaker's name
     * @param config the configuration for a new breaker
     * @return the breaker
     */
    public CircuitBreaker breaker(String name, CircuitBreakerConfig config) {
        CircuitBreaker existing = breakers.get(name);
        return existing != null ? existing : create(name, Objects.requireNonNull(config, "config"));
    }

    /**
     * Creates a breaker unless another thread did first.
     *
     * @param name   the breaker's name
     * @param config its configuration unless it was declared, or null to create it only if it was declared
     * @return the breaker, or null when there is none and none was declared
     */
    private CircuitBreaker create(String name, CircuitBreakerConfig config) {
        CircuitBreaker created;
        synchronized (lock) {
            CircuitBreaker existing = breakers.get(name);
            if (existing != null) {
                return existing;
            }
            CircuitBreakerConfig declaredConfig = declared.remove(name);
            if (declaredConfig == null && config == null) {
                return null;
            }
            created = CircuitBreaker.of(name, declaredConfig != null ? declaredConfig : config);
            listeners.forEach(created::addListener);
            breakers.put(name, created);
        }
        registryListeners.forEach(listener -> listener.onBreakerAdded(created));
        return created;
    }

    /**
     * Declares a breaker without creating it: it is created with this configuration the first time it is asked
     * for by name ({@link #breaker(String)}, {@link #find(String)}, {@link #reconfigure(String, CircuitBreakerConfig)}),
     * whatever configuration that asks for; until then it is not among {@link #all()}, has no listeners and is
     * heard of by no {@link RegistryListener}. Declaring a name that already has a breaker changes nothing.
     *
     * @param name   the breaker's name
     * @param config its configuration
     */
    public void declare(String name, CircuitBreakerConfig config) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        synchronized (lock) {
            if (!breakers.containsKey(name)) {
                declared.put(name, config);
            }
        }
    }

    /**
     * The breaker of that name, created from a named shared configuration if there is none yet.
     *
     * @param name       the breaker's name
     * @param configName the name of a configuration added with {@link #addConfig(String, CircuitBreakerConfig)}
     * @return the breaker
     * @throws NoSuchElementException when there is no configuration of that name
     */
    public CircuitBreaker breaker(String name, String configName) {
        CircuitBreakerConfig config = config(configName).orElseThrow(() -> new NoSuchElementException(
            "No shared circuit breaker configuration named '" + configName + "' for breaker '" + name
                + "'; known: " + configs.keySet()));
        return breaker(name, config);
    }

    /**
     * The breaker of that name, if it exists or was declared; creates none that was not declared.
     *
     * @param name the breaker's name
     * @return the breaker, or empty
     */
    public Optional<CircuitBreaker> find(String name) {
        CircuitBreaker existing = breakers.get(name);
        return Optional.ofNullable(existing != null || !declared.containsKey(name) ? existing : create(name, null));
    }

    /** @return every breaker of the registry, a snapshot in no particular order; declared ones not asked for yet are not created */
    public Collection<CircuitBreaker> all() {
        return List.copyOf(breakers.values());
    }

    /** @return the names of every breaker of the registry and of every one declared, sorted */
    public SortedSet<String> names() {
        synchronized (lock) {
            SortedSet<String> names = new TreeSet<>(breakers.keySet());
            names.addAll(declared.keySet());
            return Collections.unmodifiableSortedSet(names);
        }
    }

    /**
     * Gives an existing breaker a new configuration, keeping its state, listeners and history.
     *
     * @param name   the breaker's name
     * @param config the new configuration
     * @return the breaker
     * @throws NoSuchElementException when there is no breaker of that name
     */
    public CircuitBreaker reconfigure(String name, CircuitBreakerConfig config) {
        CircuitBreaker breaker = find(name).orElseThrow(() -> new NoSuchElementException(
            "No circuit breaker named '" + name + "'; known: " + new ArrayList<>(breakers.keySet())));
        breaker.reconfigure(config);
        registryListeners.forEach(listener -> listener.onBreakerReconfigured(breaker));
        return breaker;
    }

    /**
     * Removes a breaker, or forgets a declared one; calls that hold it go on working with it, but the registry
     * forgets it.
     *
     * @param name the breaker's name
     * @return the removed breaker, or empty (also for a declared breaker nobody had asked for)
     */
    public Optional<CircuitBreaker> remove(String name) {
        CircuitBreaker removed;
        synchronized (lock) {
            declared.remove(name);
            removed = breakers.remove(name);
        }
        if (removed != null) {
            registryListeners.forEach(listener -> listener.onBreakerRemoved(removed));
        }
        return Optional.ofNullable(removed);
    }

    /**
     * Attaches a listener to every breaker of the registry, now and later.
     *
     * @param listener the listener
     */
    public void addListener(CircuitListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            breakers.values().forEach(breaker -> breaker.addListener(listener));
        }
    }

    /**
     * Adds a listener for breakers being added, reconfigured and removed. It hears of breakers added
     * from now on; {@link #all()} gives the ones that exist already.
     *
     * @param listener the listener
     */
    public void addRegistryListener(RegistryListener listener) {
        registryListeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
