package dev.circuit.spring.boot.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Binds loose settings (from environment variables, a configuration file or an operator's request)
 * onto {@link BreakerProperties} with Spring's relaxed binding, so that {@code failure-threshold},
 * {@code failureThreshold} and durations such as {@code 30s} work as they do in {@code application.yml}.
 */
public final class SettingsBinder {

    private SettingsBinder() {
    }

    /**
     * Binds the settings onto existing properties, overriding the values they name.
     *
     * @param target   the properties to bind onto
     * @param settings setting name to value
     * @return the target
     * @throws BindException when a value does not convert
     */
    public static BreakerProperties bindOnto(BreakerProperties target, Map<String, ?> settings) {
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        binder.bind("", Bindable.ofInstance(target));
        return target;
    }

    /**
     * Binds an operator's request as strictly as {@code application.yml} is bound: every name must be
     * an engine setting, and every value must convert.
     *
     * @param settings setting name (camel or kebab case) to value
     * @return the bound properties
     * @throws IllegalArgumentException naming an unknown setting (with the closest known name) or a
     *     value that does not convert
     */
    public static BreakerProperties bindStrictly(Map<String, ?> settings) {
        for (String name : settings.keySet()) {
            if (BreakerSettings.named(name) == null) {
                List<String> known = BreakerSettings.all().stream().map(BreakerSettings.Setting::name).toList();
                String meant = BreakerSettings.likelyMeant(name, known);
                throw new IllegalArgumentException("Unknown setting '" + name + "'"
                    + (meant == null ? "" : " (did you mean '" + meant + "'?)") + "; known settings: " + known);
            }
        }
        try {
            return bindOnto(new BreakerProperties(), settings);
        } catch (BindException e) {
            String name = e.getName() == null ? null : e.getName().toString();
            BreakerSettings.Setting setting = name == null ? null : BreakerSettings.named(name);
            Object value = e.getProperty() == null ? null : e.getProperty().getValue();
            throw new IllegalArgumentException("Invalid value '" + value + "' for "
                + (setting == null ? name : setting.name()) + ": "
                + Objects.requireNonNullElse(e.getCause(), e).getMessage());
        }
    }
}
