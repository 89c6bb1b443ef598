package dev.circuit.spring.boot.aot;

import dev.circuit.spring.boot.config.BreakerProperties;
import dev.circuit.spring.boot.config.EngineSettings;
import dev.circuit.spring.boot.config.PredefinedBreakers;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What circuit reaches by reflection or as a resource, for Spring AOT and native images: loose settings (a
 * retune request, the predefined breakers) are bound onto {@link BreakerProperties} and {@link EngineSettings}
 * by Spring's {@code Binder}, and the predefined breakers are read from {@value PredefinedBreakers#SOURCE}.
 * The engine itself is reached through method references only (see {@code BreakerSettings}).
 */
public class CircuitRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    @SuppressWarnings("deprecation") // DECLARED_FIELDS: Framework 6.2's name, kept by 7 beside ACCESS_DECLARED_FIELDS
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection()
            .registerType(BreakerProperties.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
                MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.DECLARED_FIELDS)
            .registerType(EngineSettings.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
                MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.DECLARED_FIELDS);
        hints.resources().registerPattern(PredefinedBreakers.SOURCE);
    }
}
