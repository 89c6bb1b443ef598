package dev.circuit.spring.autoconfigure;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

/**
 * Binds loose settings (from environment variables, or an operator's request) onto
 * {@link BreakerProperties} with Spring's relaxed binding, so that {@code failure-threshold},
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
     * @throws org.springframework.boot.context.properties.bind.BindException when a value does not convert
     */
    public static BreakerProperties bindOnto(BreakerProperties target, Map<String, ?> settings) {
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        binder.bind("", Bindable.ofInstance(target));
        return target;
    }
}
