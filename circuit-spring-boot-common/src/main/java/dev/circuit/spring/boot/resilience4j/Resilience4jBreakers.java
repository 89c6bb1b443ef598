package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import dev.circuit.core.HalfOpenPolicy;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.core.OpenDuration;
import dev.circuit.core.SlidingWindowType;
import dev.circuit.spring.boot.autoconfigure.ConfiguredBreakers;
import dev.circuit.spring.boot.resilience4j.Resilience4jProperties.Instance;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.util.ClassUtils;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The breakers of {@code resilience4j.circuitbreaker.*}, with Resilience4j's meaning and defaults: made in
 * the registry at start-up, and for an annotation name nobody configured from {@code configs.default}.
 * A setting is layered as Resilience4j layers it: the instance's own, then its {@code baseConfig} (or the
 * shared configuration of its name, or {@code default}), then Resilience4j's defaults. A setting circuit
 * cannot honour stops start-up, naming it.
 */
public class Resilience4jBreakers implements AutoCloseable {

    private static final String PREFIX = "resilience4j.circuitbreaker.";
    private static final String DEFAULT = "default";
    /** Resilience4j's "wait forever in HALF_OPEN", in the engine's terms. */
    private static final Duration FOREVER = Duration.ofDays(36_500);

    private final CircuitBreakerRegistry registry;
    private final Resilience4jProperties properties;
    private final ClassLoader classLoader;
    private final ConfiguredBreakers configured;
    private final CircuitBreakerConfig defaultConfig;
    private final boolean defaultFailsHealth;
    private final Resilience4jTimers timers = new Resilience4jTimers();

    /**
     * Makes every configured instance in the registry.
     *
     * @param registry    the registry
     * @param properties  the bound properties
     * @param configured  the breakers of {@code circuit.*}, told which of these fail health when open
     * @param classLoader where exception and predicate classes are found
     * @throws InvalidConfigurationException naming the first setting circuit cannot honour
     */
    public Resilience4jBreakers(CircuitBreakerRegistry registry, Resilience4jProperties properties,
                                ConfiguredBreakers configured, ClassLoader classLoader) {
        this.registry = registry;
        this.properties = properties;
        this.classLoader = classLoader;
        this.configured = configured;
        Instance defaults = properties.getConfigs().get(DEFAULT);
        Instance resolvedDefaults = defaults == null ? new Instance() : resolved(DEFAULT, defaults, true, new LinkedHashSet<>());
        this.defaultConfig = toConfig(resolvedDefaults, PREFIX + "configs.default.");
        this.defaultFailsHealth = Boolean.TRUE.equals(resolvedDefaults.getAllowHealthIndicatorToFail());
        Map<String, String> instances = new LinkedHashMap<>();
        properties.getBackends().keySet().forEach(name -> instances.put(name, "backends"));
        properties.getInstances().keySet().forEach(name -> instances.put(name, "instances"));
        instances.forEach((name, group) -> {
            Instance instance = (group.equals("instances") ? properties.getInstances() : properties.getBackends()).get(name);
            String prefix = PREFIX + group + "." + name + ".";
            Instance settings = resolved(name, instance, false, new LinkedHashSet<>());
            CircuitBreakerConfig config = toConfig(settings, prefix);
            if (registry.find(name).isPresent()) {
                registry.reconfigure(name, config);
            } else {
                registry.breaker(name, config);
            }
            made(registry.find(name).orElseThrow(), Boolean.TRUE.equals(settings.getAllowHealthIndicatorToFail()));
        });
    }

    /** What a breaker made here needs besides its configuration: its health rule and its timers. */
    private CircuitBreaker made(CircuitBreaker breaker, boolean failsHealth) {
        configured.setFailWhenOpen(breaker.name(), failsHealth);
        timers.follow(breaker);
        return breaker;
    }

    /**
     * The breaker of an annotation's name: a configured instance, or one made now from {@code configs.default}.
     *
     * @param name the breaker's name
     * @return the breaker
     */
    public CircuitBreaker breaker(String name) {
        return registry.find(name).orElseGet(() -> made(registry.breaker(name, defaultConfig), defaultFailsHealth));
    }

    /** Stops the timers of automatic transitions. */
    @Override
    public void close() {
        timers.close();
    }

    /** The instance's settings with what it inherits filled in, as Resilience4j merges them. */
    private Instance resolved(String name, Instance instance, boolean isConfig, Set<String> seen) {
        String baseName = instance.getBaseConfig();
        Instance base = null;
        String resolvedName = null;
        if (baseName != null && !baseName.isBlank()) {
            base = properties.getConfigs().get(baseName);
            if (base == null || baseName.equals(name) && isConfig) {
                throw new InvalidConfigurationException(PREFIX + (isConfig ? "configs." : "instances.") + name
                    + ".base-config", baseName, "the name of a configuration under " + PREFIX + "configs "
                    + properties.getConfigs().keySet());
            }
            resolvedName = baseName;
        } else if (!isConfig && properties.getConfigs().containsKey(name)) {
            base = properties.getConfigs().get(name);
            resolvedName = name;
        } else if (!(isConfig && name.equals(DEFAULT)) && properties.getConfigs().containsKey(DEFAULT)) {
            base = properties.getConfigs().get(DEFAULT);
            resolvedName = DEFAULT;
        }
        if (base == null) {
            return instance;
        }
        if (!seen.add(resolvedName)) {
            throw new InvalidConfigurationException(PREFIX + "configs." + resolvedName + ".base-config", baseName,
                "a configuration that does not extend itself (cycle: " + String.join(" -> ", seen) + ")");
        }
        return merged(instance, resolved(resolvedName, base, true, seen));
    }

    /** The instance's settings, the base's where the instance leaves one out. */
    private static Instance merged(Instance instance, Instance base) {
        Instance merged = new Instance();
        for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(Instance.class)) {
            Method read = property.getReadMethod();
            Method write = property.getWriteMethod();
            if (read == null || write == null) {
                continue;
            }
            try {
                Object own = read.invoke(instance);
                write.invoke(merged, own != null ? own : read.invoke(base));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        // as in Resilience4j: an instance's own exception list replaces the base's predicate of the same kind
        if (instance.getRecordExceptions() != null) {
            merged.setRecordFailurePredicate(instance.getRecordFailurePredicate());
        }
        if (instance.getIgnoreExceptions() != null) {
            merged.setIgnoreExceptionPredicate(instance.getIgnoreExceptionPredicate());
        }
        return merged;
    }

    /** Resilience4j's defaults, then the instance's settings, in the engine's terms. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private CircuitBreakerConfig toConfig(Instance i, String prefix) {
        unsupported(prefix, "initialState", i.getInitialState(),
            i.getInitialState() != null && !"CLOSED".equalsIgnoreCase(i.getInitialState()), "CLOSED");
        float failureRate = percent(prefix, "failureRateThreshold", i.getFailureRateThreshold(), 50);
        float slowRate = percent(prefix, "slowCallRateThreshold", i.getSlowCallRateThreshold(), 100);
        boolean skipMissing = Boolean.TRUE.equals(i.getIgnoreClassBindingExceptions());
        List<Class<? extends Throwable>> record = throwables(prefix + "record-exceptions", i.getRecordExceptions(), skipMissing);
        List<Class<? extends Throwable>> ignore = throwables(prefix + "ignore-exceptions", i.getIgnoreExceptions(), skipMissing);
        Predicate<Throwable> recordPredicate = instance(prefix + "record-failure-predicate", i.getRecordFailurePredicate());
        Predicate<Object> resultPredicate = instance(prefix + "record-result-predicate", i.getRecordResultPredicate());
        Predicate<Throwable> ignorePredicate = instance(prefix + "ignore-exception-predicate", i.getIgnoreExceptionPredicate());
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
            .failureThreshold(0)
            .unrecordedErrorsSucceed(true)
            .ignoreCategories()
            .halfOpenPolicy(HalfOpenPolicy.RATE)
            .halfOpenProbeTimeout(FOREVER);
        setting(prefix, "failureRateThreshold", failureRate, () -> builder.failureRateThreshold(failureRate / 100.0));
        setting(prefix, "slowCallRateThreshold", slowRate, () -> builder.slowCallRateThreshold(slowRate / 100.0));
        Duration slow = or(i.getSlowCallDurationThreshold(), Duration.ofSeconds(60));
        setting(prefix, "slowCallDurationThreshold", slow, () -> builder.slowCallDuration(slow));
        SlidingWindowType type = or(i.getSlidingWindowType(), SlidingWindowType.COUNT_BASED);
        int size = or(i.getSlidingWindowSize(), 100);
        setting(prefix, "slidingWindowSize", size, () -> builder.slidingWindow(type, size));
        int minimum = or(i.getMinimumNumberOfCalls(), 100);
        setting(prefix, "minimumNumberOfCalls", minimum, () -> builder.minimumCalls(minimum));
        Duration wait = i.getWaitDurationInOpenState();
        Duration open = wait != null && wait.toMillis() > 0 ? wait : Duration.ofSeconds(60); // Resilience4j keeps 60s for 0
        setting(prefix, "waitDurationInOpenState", open, () -> builder.recoveryTimeout(open));
        if (wait != null && wait.toMillis() > 0) { // as in Resilience4j: backoff and jitter need a wait of their own
            OpenDuration waits = Resilience4jWaits.of(i, prefix, open);
            if (waits != null) {
                builder.openDuration(waits);
            }
        }
        builder.automaticHalfOpen(Boolean.TRUE.equals(i.getAutomaticTransitionFromOpenToHalfOpenEnabled()));
        Duration halfOpenWait = i.getMaxWaitDurationInHalfOpenState();
        CircuitState then = afterHalfOpenWait(prefix, i.getTransitionToStateAfterWaitDuration()); // checked even unused
        if (halfOpenWait != null && halfOpenWait.toMillis() >= 1) {
            setting(prefix, "maxWaitDurationInHalfOpenState", halfOpenWait,
                () -> builder.maxHalfOpenDuration(Duration.ofMillis(halfOpenWait.toMillis()), then));
        }
        int permitted = or(i.getPermittedNumberOfCallsInHalfOpenState(), 10);
        setting(prefix, "permittedNumberOfCallsInHalfOpenState", permitted, () -> builder.halfOpenMaxCalls(permitted));
        if (i.getEventConsumerBufferSize() != null) {
            int events = i.getEventConsumerBufferSize();
            setting(prefix, "eventConsumerBufferSize", events, () -> builder.historySize(events));
        }
        if (i.getRecordExceptions() == null && recordPredicate == null) {
            builder.recordExceptions(Throwable.class); // Resilience4j records every error by default
        } else {
            builder.recordExceptions(Throwable.class).failurePredicate(error ->
                recordPredicate != null && recordPredicate.test(error) || record.stream().anyMatch(t -> t.isInstance(error)));
        }
        if (!ignore.isEmpty()) {
            builder.ignoreExceptions(ignore.toArray(Class[]::new));
        }
        if (resultPredicate != null) {
            builder.resultPredicate(resultPredicate);
        }
        builder.ignorePredicate(ignorePredicate);
        return builder.build();
    }

    /** Resilience4j's {@code transitionToStateAfterWaitDuration}: OPEN (its default) or CLOSED. */
    private static CircuitState afterHalfOpenWait(String prefix, @Nullable String state) {
        if (state == null || state.equalsIgnoreCase("OPEN")) {
            return CircuitState.OPEN;
        }
        if (state.equalsIgnoreCase("CLOSED")) {
            return CircuitState.CLOSED;
        }
        throw new InvalidConfigurationException(prefix + "transition-to-state-after-wait-duration", state,
            "OPEN (the default) or CLOSED");
    }

    private static void unsupported(String prefix, String name, @Nullable Object value, boolean refused, String allowed) {
        if (refused) {
            throw new InvalidConfigurationException(prefix + DataObjectPropertyName.toDashedForm(name), value,
                allowed + "; circuit cannot honour " + value + " yet");
        }
    }

    private static float percent(String prefix, String name, @Nullable Float value, float fallback) {
        float percent = value == null ? fallback : value;
        if (!(percent > 0 && percent <= 100)) {
            throw new InvalidConfigurationException(prefix + DataObjectPropertyName.toDashedForm(name), value,
                "a percentage in (0, 100]");
        }
        return percent;
    }

    /** Applies an engine setting, reporting the engine's refusal under Resilience4j's property. */
    private static void setting(String prefix, String name, Object value, Runnable apply) {
        try {
            apply.run();
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(prefix + DataObjectPropertyName.toDashedForm(name), value, e.allowed());
        }
    }

    private static <T> T or(@Nullable T value, T fallback) {
        return value != null ? value : fallback;
    }

    @SuppressWarnings("unchecked")
    private List<Class<? extends Throwable>> throwables(String property, @Nullable List<String> names, boolean skipMissing) {
        List<Class<? extends Throwable>> types = new ArrayList<>();
        for (int n = 0; names != null && n < names.size(); n++) {
            String name = names.get(n).trim();
            if (!ClassUtils.isPresent(name, classLoader)) {
                if (skipMissing) {
                    continue;
                }
                throw new InvalidConfigurationException(property + "[" + n + "]", name,
                    "the fully qualified name of a Throwable class on the class path (class not found; "
                        + "ignore-class-binding-exceptions: true skips it)");
            }
            Class<?> type = ClassUtils.resolveClassName(name, classLoader);
            if (!Throwable.class.isAssignableFrom(type)) {
                throw new InvalidConfigurationException(property + "[" + n + "]", name,
                    "the fully qualified name of a Throwable class (" + name + " is not a Throwable)");
            }
            types.add((Class<? extends Throwable>) type);
        }
        return types;
    }

    @SuppressWarnings("unchecked")
    private <T> @Nullable Predicate<T> instance(String property, @Nullable String className) {
        if (className == null) {
            return null;
        }
        try {
            Class<?> type = ClassUtils.forName(className, classLoader);
            if (!Predicate.class.isAssignableFrom(type)) {
                throw new InvalidConfigurationException(property, className, "the name of a java.util.function.Predicate class");
            }
            return (Predicate<T>) BeanUtils.instantiateClass(type.getDeclaredConstructor());
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new InvalidConfigurationException(property, className,
                "the name of a java.util.function.Predicate class on the class path with a no-argument constructor");
        }
    }
}
