package dev.circuit.spring.boot.config;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.InvalidConfigurationException;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.convert.DurationStyle;
import org.jspecify.annotations.Nullable;

import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine settings, each declared once: a property of {@link EngineSettings} (read whole: every
 * property there is a setting) and the {@link CircuitBreakerConfig.Builder} method and
 * {@link CircuitBreakerConfig} accessor of the same name. Everything the starter does per setting
 * (applying properties to a builder, describing a configuration, validating a retune request) walks
 * this list, so adding a setting means adding it to the engine's builder and one field with Javadoc
 * to {@link EngineSettings}.
 */
public final class BreakerSettings {

    private static final List<Setting> ALL = discover();

    private BreakerSettings() {
    }

    /**
     * One engine setting.
     *
     * @param name     its name in camel case, as in the engine's builder and the endpoint's requests
     * @param property reads it from {@link EngineSettings}
     * @param builder  sets it on a {@link CircuitBreakerConfig.Builder}
     * @param accessor reads it from a {@link CircuitBreakerConfig}
     */
    public record Setting(String name, Method property, Method builder, Method accessor) {

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
            return invoke(property, properties);
        }

        /**
         * The value of this setting in a configuration.
         *
         * @param config the configuration
         * @return the engine's value
         */
        public Object valueIn(CircuitBreakerConfig config) {
            return invoke(accessor, config);
        }

        /**
         * Whether the engine takes an object that the properties name by a bean name (a predicate, a
         * classifier).
         *
         * @return true for a bean reference
         */
        public boolean isBeanReference() {
            return property.getReturnType() == String.class && builder.getParameterTypes()[0] != String.class;
        }

        /**
         * Whether the properties name throwable classes that the engine takes as {@link Class} objects.
         *
         * @return true for a list of class names
         */
        public boolean isClassList() {
            Class<?> parameter = builder.getParameterTypes()[0];
            return parameter.isArray() && parameter.getComponentType() == Class.class;
        }

        /** @return the type of the engine's value, the element type for lists */
        Class<?> engineType() {
            Class<?> parameter = builder.getParameterTypes()[0];
            return parameter.isArray() ? parameter.getComponentType() : parameter;
        }

        /**
         * Sets the value on a builder, converted to what the engine takes.
         *
         * @param builder the builder
         * @param value   the value, already converted
         * @throws InvalidConfigurationException when the engine refuses the value
         */
        void applyTo(CircuitBreakerConfig.Builder builder, Object value) {
            try {
                this.builder.invoke(builder, value);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** @return every engine setting, in the order of {@link EngineSettings}' fields */
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

    private static List<Setting> discover() {
        List<Setting> settings = new ArrayList<>();
        List<String> order = Arrays.stream(EngineSettings.class.getDeclaredFields()).map(f -> f.getName()).toList();
        PropertyDescriptor[] properties = Arrays.stream(BeanUtils.getPropertyDescriptors(EngineSettings.class))
            .filter(property -> order.contains(property.getName())).toArray(PropertyDescriptor[]::new);
        Arrays.sort(properties, (a, b) -> Integer.compare(order.indexOf(a.getName()), order.indexOf(b.getName())));
        for (PropertyDescriptor property : properties) {
            String name = property.getName();
            Method builder = Arrays.stream(CircuitBreakerConfig.Builder.class.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("EngineSettings." + name
                    + " has no CircuitBreakerConfig.Builder method of the same name"));
            Method accessor;
            try {
                accessor = CircuitBreakerConfig.class.getMethod(name);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("EngineSettings." + name + " has no CircuitBreakerConfig accessor", e);
            }
            settings.add(new Setting(name, Objects.requireNonNull(property.getReadMethod()), builder, accessor));
        }
        return Collections.unmodifiableList(settings);
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
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
