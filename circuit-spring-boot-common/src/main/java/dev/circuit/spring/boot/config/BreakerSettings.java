package dev.circuit.spring.boot.config;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerConfig.Builder;
import dev.circuit.core.ErrorCategory;
import dev.circuit.core.ErrorClassifier;
import dev.circuit.core.RecoveryProbe;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The engine settings that properties reach: one line per setting in the table below, from the property of
 * {@link EngineSettings} to the {@link CircuitBreakerConfig.Builder} method that takes it and the
 * {@link CircuitBreakerConfig} accessor that reads it back, as Spring Boot's {@code PropertyMapper} lines do.
 * Everything the starter does per setting walks this table: applying properties to a builder
 * ({@link BreakerConfigFactory}), describing a configuration (the endpoint), validating a retune request and
 * suggesting the name an operator meant.
 *
 * <p>Adding a setting: the engine's field, accessor and builder method; the property in {@link EngineSettings};
 * its line here; its default in {@code META-INF/additional-spring-configuration-metadata.json}. A test fails
 * when one of them is missing.
 */
public final class BreakerSettings {

    private static final List<Setting> ALL = table();

    private BreakerSettings() {
    }

    /** The table. Beans of generic types (predicates) are looked up by their raw type. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Setting> table() {
        return List.of(
            value("failureThreshold", EngineSettings::getFailureThreshold, Builder::failureThreshold, CircuitBreakerConfig::failureThreshold),
            value("failureRateThreshold", EngineSettings::getFailureRateThreshold, Builder::failureRateThreshold, CircuitBreakerConfig::failureRateThreshold),
            value("slowCallRateThreshold", EngineSettings::getSlowCallRateThreshold, Builder::slowCallRateThreshold, CircuitBreakerConfig::slowCallRateThreshold),
            value("slowCallDuration", EngineSettings::getSlowCallDuration, Builder::slowCallDuration, CircuitBreakerConfig::slowCallDuration),
            value("slidingWindowType", EngineSettings::getSlidingWindowType, Builder::slidingWindowType, CircuitBreakerConfig::slidingWindowType),
            value("slidingWindowSize", EngineSettings::getSlidingWindowSize, Builder::slidingWindowSize, CircuitBreakerConfig::slidingWindowSize),
            value("minimumCalls", EngineSettings::getMinimumCalls, Builder::minimumCalls, CircuitBreakerConfig::minimumCalls),
            value("recoveryTimeout", EngineSettings::getRecoveryTimeout, Builder::recoveryTimeout, CircuitBreakerConfig::recoveryTimeout),
            value("backoffMultiplier", EngineSettings::getBackoffMultiplier, Builder::backoffMultiplier, CircuitBreakerConfig::backoffMultiplier),
            value("maxRecoveryTimeout", EngineSettings::getMaxRecoveryTimeout, Builder::maxRecoveryTimeout, CircuitBreakerConfig::maxRecoveryTimeout),
            value("jitter", EngineSettings::getJitter, Builder::jitter, CircuitBreakerConfig::jitter),
            value("manualRecovery", EngineSettings::getManualRecovery, Builder::manualRecovery, CircuitBreakerConfig::manualRecovery),
            value("halfOpenMaxCalls", EngineSettings::getHalfOpenMaxCalls, Builder::halfOpenMaxCalls, CircuitBreakerConfig::halfOpenMaxCalls),
            value("successThreshold", EngineSettings::getSuccessThreshold, Builder::successThreshold, CircuitBreakerConfig::successThreshold),
            value("halfOpenPolicy", EngineSettings::getHalfOpenPolicy, Builder::halfOpenPolicy, CircuitBreakerConfig::halfOpenPolicy),
            value("unrecordedErrorsSucceed", EngineSettings::getUnrecordedErrorsSucceed, Builder::unrecordedErrorsSucceed, CircuitBreakerConfig::unrecordedErrorsSucceed),
            value("halfOpenProbeTimeout", EngineSettings::getHalfOpenProbeTimeout, Builder::halfOpenProbeTimeout, CircuitBreakerConfig::halfOpenProbeTimeout),
            throwables("recordExceptions", EngineSettings::getRecordExceptions, Builder::recordExceptions, CircuitBreakerConfig::recordExceptions),
            throwables("ignoreExceptions", EngineSettings::getIgnoreExceptions, Builder::ignoreExceptions, CircuitBreakerConfig::ignoreExceptions),
            value("ignoreCategories", EngineSettings::getIgnoreCategories, (builder, categories) -> builder.ignoreCategories(categories.toArray(ErrorCategory[]::new)), CircuitBreakerConfig::ignoreCategories),
            bean("failurePredicate", EngineSettings::getFailurePredicate, Predicate.class, (BiConsumer<Builder, Predicate>) Builder::failurePredicate, CircuitBreakerConfig::failurePredicate),
            bean("resultPredicate", EngineSettings::getResultPredicate, Predicate.class, (BiConsumer<Builder, Predicate>) Builder::resultPredicate, CircuitBreakerConfig::resultPredicate),
            bean("classifier", EngineSettings::getClassifier, ErrorClassifier.class, Builder::classifier, CircuitBreakerConfig::classifier),
            value("maxConcurrentCalls", EngineSettings::getMaxConcurrentCalls, Builder::maxConcurrentCalls, CircuitBreakerConfig::maxConcurrentCalls),
            value("saturatedCallsFail", EngineSettings::getSaturatedCallsFail, Builder::saturatedCallsFail, CircuitBreakerConfig::saturatedCallsFail),
            value("historySize", EngineSettings::getHistorySize, Builder::historySize, CircuitBreakerConfig::historySize),
            value("adaptiveThrottling", EngineSettings::getAdaptiveThrottling, Builder::adaptiveThrottling, CircuitBreakerConfig::adaptiveThrottling),
            value("adaptiveThrottlingWindow", EngineSettings::getAdaptiveThrottlingWindow, Builder::adaptiveThrottlingWindow, CircuitBreakerConfig::adaptiveThrottlingWindow),
            bean("recoveryProbe", EngineSettings::getRecoveryProbe, RecoveryProbe.class, Builder::recoveryProbe, CircuitBreakerConfig::recoveryProbe));
    }

    private static <V> Setting value(String name, Function<EngineSettings, V> property, BiConsumer<Builder, V> builder,
                                     Function<CircuitBreakerConfig, ?> accessor) {
        return new Setting(name, property, accessor, null, (target, value, resolver) -> builder.accept(target, cast(value)));
    }

    private static Setting throwables(String name, Function<EngineSettings, List<String>> property,
                                      BiConsumer<Builder, Class<? extends Throwable>[]> builder,
                                      Function<CircuitBreakerConfig, ?> accessor) {
        return new Setting(name, property, accessor, null,
            (target, value, resolver) -> builder.accept(target, resolver.throwableTypes(cast(value))));
    }

    private static <T> Setting bean(String name, Function<EngineSettings, String> property, Class<T> type,
                                    BiConsumer<Builder, T> builder, Function<CircuitBreakerConfig, ?> accessor) {
        return new Setting(name, property, accessor, type,
            (target, value, resolver) -> builder.accept(target, resolver.bean((String) value, type)));
    }

    @SuppressWarnings("unchecked")
    private static <V> V cast(Object value) {
        return (V) value;
    }

    /** Turns the names that properties hold into the objects the engine takes, naming the property when one is bad. */
    interface Resolver {

        /**
         * The bean of a name.
         *
         * @param name the bean's name
         * @param type the type the engine takes
         * @param <T>  that type
         * @return the bean
         */
        <T> T bean(String name, Class<T> type);

        /**
         * Throwable classes by name.
         *
         * @param names fully qualified class names
         * @return the classes
         */
        Class<? extends Throwable>[] throwableTypes(List<String> names);
    }

    /** Sets a bound value on a builder, resolving names into objects. */
    private interface Apply {
        void apply(Builder builder, Object value, Resolver resolver);
    }

    /** One engine setting: a line of the table. */
    public static final class Setting {

        private final String name;
        private final Function<EngineSettings, ?> property;
        private final Function<CircuitBreakerConfig, ?> accessor;
        private final @Nullable Class<?> beanType;
        private final Apply apply;

        private Setting(String name, Function<EngineSettings, ?> property, Function<CircuitBreakerConfig, ?> accessor,
                        @Nullable Class<?> beanType, Apply apply) {
            this.name = name;
            this.property = property;
            this.accessor = accessor;
            this.beanType = beanType;
            this.apply = apply;
        }

        /** @return its name in camel case, as in the engine's builder and the endpoint's requests */
        public String name() {
            return name;
        }

        /** @return the name as written in {@code application.yml}, such as {@code failure-threshold} */
        public String kebabName() {
            return DataObjectPropertyName.toDashedForm(name);
        }

        /**
         * The value of this setting in the given properties.
         *
         * @param properties the properties
         * @return the value as bound, or null when it is not set
         */
        public @Nullable Object valueIn(EngineSettings properties) {
            return property.apply(properties);
        }

        /**
         * The value of this setting in a configuration.
         *
         * @param config the configuration
         * @return the engine's value
         */
        public Object valueIn(CircuitBreakerConfig config) {
            return accessor.apply(config);
        }

        /**
         * Whether the engine takes an object that the properties name by a bean name (a predicate, a
         * classifier).
         *
         * @return true for a bean reference
         */
        public boolean isBeanReference() {
            return beanType != null;
        }

        /**
         * Sets a bound value on a builder.
         *
         * @param builder  the builder
         * @param value    the value as bound
         * @param resolver turns bean and class names into objects
         * @throws dev.circuit.core.InvalidConfigurationException when the engine refuses the value
         */
        void applyTo(Builder builder, Object value, Resolver resolver) {
            apply.apply(builder, value, resolver);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** @return every engine setting that properties reach, in the table's order */
    public static List<Setting> all() {
        return ALL;
    }

    /**
     * The setting of a name, in camel or kebab case.
     *
     * @param name the name
     * @return the setting, or null when there is none of that name
     */
    public static @Nullable Setting named(String name) {
        String uniform = uniform(name);
        return ALL.stream().filter(setting -> uniform(setting.name()).equals(uniform)).findFirst().orElse(null);
    }

    /**
     * The candidate closest to a misspelled name, whatever the case and the dashes.
     *
     * @param name       a name that is not one of the candidates
     * @param candidates the known names
     * @return the candidate with the fewest edits to it, or null when there are none
     */
    public static @Nullable String closest(String name, Collection<String> candidates) {
        String uniform = uniform(name);
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = editDistance(uniform, uniform(candidate));
            if (distance < best) {
                best = distance;
                closest = candidate;
            }
        }
        return closest;
    }

    /**
     * The known name that a misspelled one most likely meant: the closest, if it is a few edits away (at most
     * two, or a third of the name's length), so that an unrelated name suggests nothing.
     *
     * @param name       a name that is not one of the known ones
     * @param candidates the known names
     * @return the likely meant name, or null when none is close
     */
    public static @Nullable String likelyMeant(String name, Collection<String> candidates) {
        String closest = closest(name, candidates);
        return closest != null && editDistance(uniform(name), uniform(closest)) <= Math.max(2, name.length() / 3)
            ? closest : null;
    }

    /**
     * A configuration as the endpoint shows it: every setting by its camel-case name, durations written
     * as in {@code application.yml} ({@code 60s}, {@code 250ms}), classes by name, and objects given as
     * beans by their class, or {@code "default"} when they are the engine's own.
     *
     * @param config the configuration
     * @return the settings by name, in a stable order
     */
    public static Map<String, Object> describe(CircuitBreakerConfig config) {
        Map<String, Object> described = new LinkedHashMap<>();
        for (Setting setting : ALL) {
            Object value = setting.valueIn(config);
            described.put(setting.name(), setting.isBeanReference()
                ? describeBean(value, setting.valueIn(CircuitBreakerConfig.defaults())) : plain(value));
        }
        return described;
    }

    /**
     * A value written as in {@code application.yml}: durations in the largest exact unit, classes by
     * name, collections element by element, other values as they are.
     *
     * @param value an engine value
     * @return its plain form
     */
    public static Object plain(Object value) {
        if (value instanceof Duration duration) {
            return duration(duration);
        }
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(BreakerSettings::plain).toList();
        }
        return value;
    }

    private static Object describeBean(Object value, Object engineDefault) {
        if (value == null) {
            return null;
        }
        return value == engineDefault ? "default" : value.getClass().getName();
    }

    private static String duration(Duration duration) {
        ChronoUnit unit = duration.toNanosPart() == 0 ? ChronoUnit.SECONDS
            : duration.toNanosPart() % 1_000_000 == 0 ? ChronoUnit.MILLIS : ChronoUnit.NANOS;
        return DurationStyle.SIMPLE.print(duration, unit);
    }

    private static String uniform(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
