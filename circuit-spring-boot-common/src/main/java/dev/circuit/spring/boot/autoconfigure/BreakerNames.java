package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.boot.config.BreakerProperties;
import dev.circuit.spring.boot.config.SettingsBinder;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.beans.PropertyDescriptor;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Gives the breakers under {@code circuit.breakers} back the names they were written with.
 *
 * <p>Spring's map binding drops characters such as {@code _} from keys that are not in brackets, so
 * {@code health_check:} in YAML binds as {@code healthcheck}, and an environment variable cannot say
 * where a name with underscores ends. This class reads the raw property names to learn the names as
 * written, maps each bound key to the name it stands for (comparing letters and digits only), and
 * reads {@code CIRCUIT_BREAKERS_<NAME>_<SETTING>} variables for names with underscores, such as
 * {@code CIRCUIT_BREAKERS_HEALTH_CHECK_FAILURE_THRESHOLD}.
 */
final class BreakerNames {

    private static final String PREFIX = "circuit.breakers";
    private static final String ENV_PREFIX = "CIRCUIT_BREAKERS_";

    private final Set<String> written;
    private final Map<String, String> environment = new LinkedHashMap<>();

    /**
     * @param env        where the names are read as written
     * @param predefined the names of the predefined breakers, known as written even where no property names them
     */
    BreakerNames(ConfigurableEnvironment env, Set<String> predefined) {
        this.written = new LinkedHashSet<>(predefined);
        for (PropertySource<?> source : env.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            boolean systemEnvironment = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(source.getName());
            for (String property : enumerable.getPropertyNames()) {
                if (systemEnvironment && property.startsWith(ENV_PREFIX)) {
                    environment.put(property, String.valueOf(enumerable.getProperty(property)));
                } else if (!systemEnvironment) {
                    String name = nameIn(property);
                    if (name != null) {
                        written.add(name);
                    }
                }
            }
        }
    }

    /** The breaker name in a property such as {@code circuit.breakers.health_check.x} or {@code circuit.breakers[a.b].x}. */
    private static String nameIn(String property) {
        if (!property.startsWith(PREFIX) || property.length() <= PREFIX.length() + 1) {
            return null;
        }
        char separator = property.charAt(PREFIX.length());
        String rest = property.substring(PREFIX.length() + 1);
        if (separator == '.' && rest.startsWith("[")) { // YAML's "[http:api.example.com:443]": as a key
            separator = '[';
            rest = rest.substring(1);
        }
        if (separator == '[') {
            int end = rest.indexOf(']');
            return end > 0 ? rest.substring(0, end) : null;
        }
        if (separator != '.') {
            return null;
        }
        int end = rest.indexOf('.');
        String name = end < 0 ? rest : rest.substring(0, end);
        int bracket = name.indexOf('[');
        return bracket < 0 ? name : name.substring(0, bracket);
    }

    /**
     * The breakers as configured, under the names they were written with; a predefined breaker only where a
     * property names it.
     *
     * @param bound the map Spring bound under {@code circuit.breakers}
     * @return the breakers by real name, with settings from name-splitting environment variables applied
     */
    Map<String, BreakerProperties> resolve(Map<String, BreakerProperties> bound) {
        Map<String, BreakerProperties> resolved = new LinkedHashMap<>();
        // The key spelled as written first: a second spelling of the same name can only come from a
        // relaxed source such as an environment variable, which outranks application.yml.
        bound.entrySet().stream()
            .filter(entry -> !isSplitEnvironmentName(entry.getKey()))
            .sorted(Comparator.comparing(entry -> !written.contains(entry.getKey())))
            .forEach(entry -> {
                String name = nameFor(entry.getKey());
                BreakerProperties earlier = resolved.get(name);
                resolved.put(name, earlier == null || !written.contains(name) ? entry.getValue()
                    : overlay(earlier, entry.getValue()));
            });
        applyUnderscoreEnvironment(resolved);
        return resolved;
    }

    /** Copies the settings that {@code top} sets onto {@code base}, nested ones ({@code health}, {@code cluster}) included. */
    private static BreakerProperties overlay(BreakerProperties base, BreakerProperties top) {
        copySet(top, base);
        return base;
    }

    private static void copySet(Object from, Object to) {
        BeanWrapper source = new BeanWrapperImpl(from);
        BeanWrapper target = new BeanWrapperImpl(to);
        for (PropertyDescriptor property : source.getPropertyDescriptors()) {
            String name = property.getName();
            Object value = name.equals("class") ? null : source.getPropertyValue(name);
            if (value == null) {
                continue;
            }
            if (target.isWritableProperty(name)) {
                target.setPropertyValue(name, value);
            } else if (value.getClass().getEnclosingClass() == BreakerProperties.class) {
                copySet(value, target.getPropertyValue(name));
            }
        }
    }

    private String nameFor(String key) {
        if (written.contains(key)) {
            return key;
        }
        String uniform = uniform(key);
        return written.stream().filter(name -> uniform(name).equals(uniform)).findFirst().orElse(key);
    }

    /** Whether a bound key is only the first word of a name with underscores, split by an environment variable. */
    private boolean isSplitEnvironmentName(String key) {
        if (written.stream().anyMatch(name -> uniform(name).equals(uniform(key)))) {
            return false;
        }
        return written.stream().filter(name -> name.contains("_"))
            .anyMatch(name -> uniform(name).startsWith(uniform(key))
                && environment.keySet().stream().anyMatch(variable -> variable.startsWith(envName(name) + "_")));
    }

    /** Binds {@code CIRCUIT_BREAKERS_HEALTH_CHECK_FAILURE_THRESHOLD}-style variables onto the named breakers. */
    private void applyUnderscoreEnvironment(Map<String, BreakerProperties> resolved) {
        List<String> underscored = written.stream().filter(name -> name.contains("_"))
            .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        Map<String, Map<String, Object>> settings = new LinkedHashMap<>();
        environment.forEach((variable, value) -> underscored.stream()
            .filter(name -> variable.startsWith(envName(name) + "_"))
            .findFirst()
            .ifPresent(name -> settings.computeIfAbsent(name, n -> new LinkedHashMap<>())
                .put(variable.substring(envName(name).length() + 1).toLowerCase(Locale.ROOT).replace('_', '-'), value)));
        settings.forEach((name, values) -> SettingsBinder.bindOnto(
            resolved.computeIfAbsent(name, n -> new BreakerProperties()), values));
    }

    private static String envName(String name) {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static String uniform(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
