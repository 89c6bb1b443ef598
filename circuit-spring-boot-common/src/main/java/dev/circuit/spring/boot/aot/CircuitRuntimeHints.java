package dev.circuit.spring.boot.aot;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.spring.boot.config.BreakerProperties;
import dev.circuit.spring.boot.config.EngineSettings;
import dev.circuit.spring.boot.config.PredefinedBreakers;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What circuit reaches by reflection or as a resource, for Spring AOT and native images: every engine
 * setting is found by name on {@link EngineSettings} (which {@link BreakerProperties} extends),
 * {@link CircuitBreakerConfig.Builder} and {@link CircuitBreakerConfig} (see {@code BreakerSettings}),
 * and the predefined breakers are read from {@value PredefinedBreakers#SOURCE}.
 */
public class CircuitRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    @SuppressWarnings("deprecation") // DECLARED_FIELDS: Framework 6.2's name, kept by 7 beside ACCESS_DECLARED_FIELDS
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection()
            .registerType(BreakerProperties.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
                MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.DECLARED_FIELDS)
            .registerType(EngineSettings.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
                MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.DECLARED_FIELDS)
            .registerType(CircuitBreakerConfig.Builder.class, MemberCategory.INVOKE_PUBLIC_METHODS)
            .registerType(CircuitBreakerConfig.class, MemberCategory.INVOKE_PUBLIC_METHODS);
        hints.resources().registerPattern(PredefinedBreakers.SOURCE);
    }
}
