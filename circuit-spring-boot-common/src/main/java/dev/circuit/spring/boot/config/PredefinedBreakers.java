package dev.circuit.spring.boot.config;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The predefined breakers ({@code database}, {@code kafka}, {@code health_check},
 * {@code metrics_export}) and their reference settings, read from the plain configuration file
 * {@value #SOURCE}: the breakers exist even when nothing is configured, and their settings are the
 * lowest layer of their configuration.
 */
public final class PredefinedBreakers {

    /** Where the predefined breakers are declared, on the class path. */
    public static final String SOURCE = "META-INF/circuit/predefined-breakers.properties";

    private PredefinedBreakers() {
    }

    /**
     * Reads the predefined breakers.
     *
     * @return their reference settings by breaker name, in the file's order
     */
    public static Map<String, BreakerProperties> load() {
        Properties file;
        try {
            file = PropertiesLoaderUtils.loadProperties(new ClassPathResource(SOURCE, PredefinedBreakers.class.getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SOURCE, e);
        }
        Map<String, Map<String, Object>> byBreaker = new LinkedHashMap<>();
        file.stringPropertyNames().stream().sorted().forEach(key -> {
            int dot = key.indexOf('.');
            byBreaker.computeIfAbsent(key.substring(0, dot), name -> new LinkedHashMap<>())
                .put(key.substring(dot + 1), file.getProperty(key));
        });
        Map<String, BreakerProperties> breakers = new LinkedHashMap<>();
        byBreaker.forEach((name, settings) -> breakers.put(name, SettingsBinder.bindOnto(new BreakerProperties(), settings)));
        return Collections.unmodifiableMap(breakers);
    }
}
