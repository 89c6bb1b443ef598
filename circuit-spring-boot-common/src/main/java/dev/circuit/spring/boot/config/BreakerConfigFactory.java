package dev.circuit.spring.boot.config;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.boot.config.BreakerSettings.Setting;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns {@link BreakerProperties} into {@link CircuitBreakerConfig}s, layer on layer: the engine's
 * defaults, then the reference settings of a predefined breaker ({@link PredefinedBreakers}), then
 * {@code circuit.defaults}, then a breaker's shared base configurations, then its own settings. Every
 * value is validated by the engine's builder; a bad one becomes an {@link InvalidConfigurationException}
 * naming the property it came from.
 */
public final class BreakerConfigFactory {

    private final BreakerProperties defaultSettings;
    private final Map<String, BreakerProperties> configs;
    private final Map<String, BreakerProperties> predefined;
    private final BeanFactory beans;
    private final CircuitBreakerConfig defaults;
    private final Map<String, CircuitBreakerConfig> shared = new LinkedHashMap<>();

    /**
     * Creates the factory and validates {@code circuit.defaults} and every shared configuration.
     *
     * @param defaultSettings {@code circuit.defaults}
     * @param configs         {@code circuit.configs}: shared configurations by name
     * @param predefined      the reference settings of the predefined breakers, by breaker name
     * @param beans           where predicate and classifier beans are looked up
     */
    public BreakerConfigFactory(BreakerProperties defaultSettings, Map<String, BreakerProperties> configs,
                                Map<String, BreakerProperties> predefined, BeanFactory beans) {
        this.defaultSettings = defaultSettings;
        this.configs = configs;
        this.predefined = predefined;
        this.beans = beans;
        this.defaults = apply(CircuitBreakerConfig.defaults(), defaultSettings, "circuit.defaults.");
        for (String name : configs.keySet()) {
            shared.put(name, onto(defaults, baseChain(name, "circuit.configs." + name + ".")));
        }
    }

    /** @return the names of the predefined breakers in use, none when they are switched off */
    public Set<String> predefinedNames() {
        return predefined.keySet();
    }

    /** @return the engine defaults with {@code circuit.defaults} applied */
    public CircuitBreakerConfig defaults() {
        return defaults;
    }

    /**
     * A shared configuration, with its own base configurations applied; resolved once, at construction.
     *
     * @param name the name under {@code circuit.configs}
     * @return the configuration, or null when there is none of that name
     */
    public @Nullable CircuitBreakerConfig sharedConfig(String name) {
        return shared.get(name);
    }

    /**
     * The configuration of a breaker.
     *
     * @param name    the breaker's name
     * @param breaker its properties
     * @return the configuration
     */
    public CircuitBreakerConfig forBreaker(String name, BreakerProperties breaker) {
        String prefix = "circuit.breakers." + name + ".";
        List<String> chain = baseChain(breaker, prefix);
        BreakerProperties reference = predefined.get(name);
        CircuitBreakerConfig base;
        if (reference == null) {
            base = chain.isEmpty() ? defaults : shared.get(chain.get(chain.size() - 1));
        } else {
            base = apply(CircuitBreakerConfig.defaults(), reference, PredefinedBreakers.SOURCE + ": " + name + ".");
            base = onto(apply(base, defaultSettings, "circuit.defaults."), chain);
        }
        return apply(base, breaker, prefix);
    }

    /** Applies the shared configurations of a chain, the one furthest down first. */
    private CircuitBreakerConfig onto(CircuitBreakerConfig base, List<String> chain) {
        CircuitBreakerConfig config = base;
        for (String name : chain) {
            config = apply(config, configs.get(name), "circuit.configs." + name + ".");
        }
        return config;
    }

    /** The shared configuration named {@code name} and those it extends, the one furthest down first. */
    private List<String> baseChain(String name, String prefix) {
        List<String> chain = baseChain(configs.get(name), prefix);
        chain.add(name);
        return chain;
    }

    /** The shared configurations that settings extend, the one furthest down first. */
    private List<String> baseChain(BreakerProperties settings, String prefix) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> chain = new ArrayList<>();
        String property = prefix + "base-config";
        for (String next = settings.getBaseConfig(); next != null; next = configs.get(next).getBaseConfig()) {
            if (!configs.containsKey(next)) {
                throw new InvalidConfigurationException(property, next,
                    "the name of a configuration under circuit.configs " + configs.keySet());
            }
            if (!seen.add(next)) {
                throw new InvalidConfigurationException(property, next,
                    "a configuration that does not extend itself (cycle: " + String.join(" -> ", seen) + " -> " + next + ")");
            }
            chain.add(0, next);
            property = "circuit.configs." + next + ".base-config";
        }
        return chain;
    }

    /**
     * Applies the settings that are set onto a configuration, naming bad values by property.
     *
     * @param base     the configuration to start from
     * @param settings the settings; those left null keep the base's values
     * @param prefix   the property prefix for error messages, such as {@code circuit.breakers.kafka.}
     * @return the new configuration
     * @throws InvalidConfigurationException when a value is not allowed
     */
    public CircuitBreakerConfig apply(CircuitBreakerConfig base, BreakerProperties settings, String prefix) {
        return apply(base, settings, setting -> prefix + BreakerSettings.named(setting).kebabName());
    }

    /**
     * Applies the settings that are set onto a configuration.
     *
     * @param base     the configuration to start from
     * @param settings the settings; those left null keep the base's values
     * @param naming   turns a setting's camel-case name, such as {@code failureThreshold}, into the name to report
     * @return the new configuration
     * @throws InvalidConfigurationException when a value is not allowed
     */
    public CircuitBreakerConfig apply(CircuitBreakerConfig base, BreakerProperties settings,
                                      Function<String, String> naming) {
        CircuitBreakerConfig.Builder builder = base.toBuilder();
        try {
            for (Setting setting : BreakerSettings.all()) {
                Object value = setting.valueIn(settings);
                if (value != null) {
                    setting.applyTo(builder, value, resolver(naming.apply(setting.name())));
                }
            }
            return builder.build();
        } catch (InvalidConfigurationException e) {
            Setting refused = BreakerSettings.named(e.setting()); // the engine names settings in camel case
            throw refused == null ? e : new InvalidConfigurationException(naming.apply(refused.name()), e.value(), e.allowed());
        }
    }

    /** Resolves the bean and class names of one property, naming it when one is bad. */
    private BreakerSettings.Resolver resolver(String property) {
        return new BreakerSettings.Resolver() {
            @Override
            public <T> T bean(String name, Class<T> type) {
                return BreakerConfigFactory.this.bean(name, type, property);
            }

            @Override
            public Class<? extends Throwable>[] throwableTypes(List<String> names) {
                return BreakerConfigFactory.throwableTypes(names, property);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Throwable>[] throwableTypes(List<?> names, String property) {
        List<Class<? extends Throwable>> types = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = String.valueOf(names.get(i)).trim();
            Class<?> type;
            try {
                type = ClassUtils.forName(name, BreakerConfigFactory.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InvalidConfigurationException(property + "[" + i + "]", name,
                    "the fully qualified name of a Throwable class on the classpath (class not found)");
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                throw new InvalidConfigurationException(property + "[" + i + "]", name,
                    "the fully qualified name of a Throwable class (" + name + " is not a Throwable)");
            }
            types.add((Class<? extends Throwable>) type);
        }
        return types.toArray(Class[]::new);
    }

    private <T> T bean(String name, Class<T> type, String property) {
        try {
            return beans.getBean(name, type);
        } catch (BeansException e) {
            throw new InvalidConfigurationException(property, name,
                "the name of a bean of type " + type.getName() + " (" + e.getMessage() + ")");
        }
    }
}
