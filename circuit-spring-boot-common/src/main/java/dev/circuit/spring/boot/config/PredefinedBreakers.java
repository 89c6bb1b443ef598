package dev.circuit.spring.boot.config;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.convert.ApplicationConversionService;
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
 * {@value #SOURCE}: a predefined breaker is created when something names it (an annotation, a
 * {@code circuit.breakers.<name>} property, a lookup by name), and its settings are the lowest layer of
 * its configuration.
 */
public final class PredefinedBreakers {

    /** Where the predefined breakers are declared, on the class path. */
    public static final String SOURCE = "META-INF/circuit/predefined-breakers.properties";

    private PredefinedBreakers() {
    }

    /**
     * Reads the predefined breakers. The file holds plain values ({@code <breaker>.<setting>=<value>}, the setting
     * in kebab or camel case), each converted as Spring Boot converts a property, durations such as {@code 30s}
     * included.
     *
     * @return their reference settings by breaker name, in alphabetical order
     * @throws IllegalStateException when the file names a setting that is not an engine setting
     */
    public static Map<String, BreakerProperties> load() {
        Properties file;
        try {
            file = PropertiesLoaderUtils.loadProperties(new ClassPathResource(SOURCE, PredefinedBreakers.class.getClassLoader()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SOURCE, e);
        }
        Map<String, BreakerProperties> breakers = new LinkedHashMap<>();
        file.stringPropertyNames().stream().sorted().forEach(key -> {
            int dot = key.indexOf('.');
            BreakerProperties settings = breakers.computeIfAbsent(key.substring(0, dot), name -> new BreakerProperties());
            set(settings, key.substring(dot + 1), file.getProperty(key), key);
        });
        return Collections.unmodifiableMap(breakers);
    }

    /** Sets one plain value through the setter of its setting, converted as Boot converts properties, without a {@code Binder} per breaker. */
    private static void set(BreakerProperties settings, String name, String value, String key) {
        BreakerSettings.Setting setting = BreakerSettings.named(name);
        if (setting == null) {
            throw new IllegalStateException(SOURCE + ": " + key + " names no engine setting");
        }
        BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(settings);
        wrapper.setConversionService(ApplicationConversionService.getSharedInstance());
        wrapper.setPropertyValue(setting.name(), value);
    }
}
