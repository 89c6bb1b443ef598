package dev.circuit.spring.autoconfigure;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.ErrorCategory;
import dev.circuit.core.ErrorClassifier;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.core.SlidingWindowType;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.BeansException;
import org.springframework.util.ClassUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns {@link BreakerProperties} into {@link CircuitBreakerConfig}s: the engine's defaults, then
 * {@code circuit.defaults}, then a breaker's shared base configurations, then its own settings. Every
 * value is validated by the engine's builder; a bad one becomes a {@link InvalidConfigurationException}
 * naming the property it came from.
 */
public final class BreakerConfigFactory {

    /** The open duration the backoff may reach when backoff is on and no maximum is set: 10 recovery timeouts. */
    static final int DEFAULT_BACKOFF_CAP = 10;

    private final CircuitProperties properties;
    private final BeanFactory beans;
    private final CircuitBreakerConfig defaults;
    private final Map<String, CircuitBreakerConfig> shared = new LinkedHashMap<>();

    /**
     * Creates the factory and validates {@code circuit.defaults} and every shared configuration.
     *
     * @param properties the bound properties
     * @param beans      where predicate and classifier beans are looked up
     */
    public BreakerConfigFactory(CircuitProperties properties, BeanFactory beans) {
        this.properties = properties;
        this.beans = beans;
        this.defaults = apply(CircuitBreakerConfig.defaults(), properties.getDefaults(), "circuit.defaults.");
        properties.getConfigs().keySet().forEach(name -> resolveShared(name, new LinkedHashSet<>(List.of(name))));
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
    public CircuitBreakerConfig sharedConfig(String name) {
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
        return resolve(breaker, "circuit.breakers." + name + ".", new LinkedHashSet<>());
    }

    private CircuitBreakerConfig resolve(BreakerProperties settings, String prefix, Set<String> seen) {
        CircuitBreakerConfig base = defaults;
        String baseName = settings.getBaseConfig();
        if (baseName != null) {
            if (!properties.getConfigs().containsKey(baseName)) {
                throw new InvalidConfigurationException(prefix + "base-config", baseName,
                    "the name of a configuration under circuit.configs " + properties.getConfigs().keySet());
            }
            if (!seen.add(baseName)) {
                throw new InvalidConfigurationException(prefix + "base-config", baseName,
                    "a configuration that does not extend itself (cycle: " + String.join(" -> ", seen) + " -> " + baseName + ")");
            }
            base = resolveShared(baseName, seen);
        }
        return apply(base, settings, prefix);
    }

    /** A shared configuration, resolved once: breakers and other configurations extending it reuse it. */
    private CircuitBreakerConfig resolveShared(String name, Set<String> seen) {
        CircuitBreakerConfig known = shared.get(name);
        if (known == null) {
            known = resolve(properties.getConfigs().get(name), "circuit.configs." + name + ".", seen);
            shared.put(name, known);
        }
        return known;
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
        return apply(base, settings, setting -> prefix + setting);
    }

    /**
     * Applies the settings that are set onto a configuration.
     *
     * @param base     the configuration to start from
     * @param settings the settings; those left null keep the base's values
     * @param naming   turns a kebab-case setting such as {@code failure-threshold} into the name to report
     * @return the new configuration
     * @throws InvalidConfigurationException when a value is not allowed
     */
    public CircuitBreakerConfig apply(CircuitBreakerConfig base, BreakerProperties settings,
                                      Function<String, String> naming) {
        // Class names and bean names are resolved first: their errors already name their property.
        Class<? extends Throwable>[] recorded = settings.getRecordExceptions() == null ? null
            : throwableTypes(settings.getRecordExceptions(), naming.apply("record-exceptions"));
        Class<? extends Throwable>[] ignored = settings.getIgnoreExceptions() == null ? null
            : throwableTypes(settings.getIgnoreExceptions(), naming.apply("ignore-exceptions"));
        Predicate<Throwable> failurePredicate = bean(settings.getFailurePredicate(), naming.apply("failure-predicate"));
        Predicate<Object> resultPredicate = bean(settings.getResultPredicate(), naming.apply("result-predicate"));
        ErrorClassifier classifier = settings.getClassifier() == null ? null
            : bean(settings.getClassifier(), ErrorClassifier.class, naming.apply("classifier"));
        CircuitBreakerConfig.Builder b = base.toBuilder();
        try {
            set(settings.getFailureThreshold(), b::failureThreshold);
            set(settings.getFailureRateThreshold(), b::failureRateThreshold);
            set(settings.getSlowCallRateThreshold(), b::slowCallRateThreshold);
            set(settings.getSlowCallDuration(), b::slowCallDuration);
            if (settings.getSlidingWindowType() != null || settings.getSlidingWindowSize() != null) {
                SlidingWindowType type = settings.getSlidingWindowType();
                Integer size = settings.getSlidingWindowSize();
                b.slidingWindow(type != null ? type : base.slidingWindowType(),
                    size != null ? size : base.slidingWindowSize());
            }
            set(settings.getMinimumCalls(), b::minimumCalls);
            set(settings.getRecoveryTimeout(), b::recoveryTimeout);
            set(settings.getJitter(), b::jitter);
            set(settings.getManualRecovery(), b::manualRecovery);
            set(settings.getHalfOpenMaxCalls(), b::halfOpenMaxCalls);
            set(settings.getSuccessThreshold(), b::successThreshold);
            set(settings.getHalfOpenProbeTimeout(), b::halfOpenProbeTimeout);
            set(settings.getHistorySize(), b::historySize);
            if (settings.getIgnoreCategories() != null) {
                b.ignoreCategories(settings.getIgnoreCategories().toArray(ErrorCategory[]::new));
            }
            set(recorded, b::recordExceptions);
            set(ignored, b::ignoreExceptions);
            set(failurePredicate, b::failurePredicate);
            set(resultPredicate, b::resultPredicate);
            set(classifier, b::classifier);
            applyBackoff(base, settings, b);
            return b.build();
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(naming.apply(kebab(e.setting())), e.value(), e.allowed());
        }
    }

    private static void applyBackoff(CircuitBreakerConfig base, BreakerProperties settings, CircuitBreakerConfig.Builder b) {
        Double multiplier = settings.getBackoffMultiplier();
        Duration max = settings.getMaxRecoveryTimeout();
        if (multiplier == null && max == null) {
            return;
        }
        double m = multiplier != null ? multiplier : base.backoffMultiplier();
        Duration recovery = settings.getRecoveryTimeout() != null ? settings.getRecoveryTimeout() : base.recoveryTimeout();
        Duration cap = max != null ? max
            : base.backoffMultiplier() > 1.0 ? base.maxRecoveryTimeout() : recovery.multipliedBy(DEFAULT_BACKOFF_CAP);
        b.backoff(m, cap);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Throwable>[] throwableTypes(List<String> names, String property) {
        List<Class<? extends Throwable>> types = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
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

    /** A predicate bean by name, or null when no name is set. */
    @SuppressWarnings("unchecked")
    private <T> Predicate<T> bean(String name, String property) {
        return name == null ? null : bean(name, Predicate.class, property);
    }

    private <T> T bean(String name, Class<T> type, String property) {
        try {
            return beans.getBean(name, type);
        } catch (BeansException e) {
            throw new InvalidConfigurationException(property, name,
                "the name of a bean of type " + type.getName() + " (" + e.getMessage() + ")");
        }
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** {@code failureThreshold} to {@code failure-threshold}. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
