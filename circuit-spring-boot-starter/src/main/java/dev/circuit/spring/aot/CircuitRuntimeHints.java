package dev.circuit.spring.aot;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.spring.config.BreakerProperties;
import dev.circuit.spring.config.PredefinedBreakers;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What circuit reaches by reflection or as a resource, for Spring AOT and native images: every engine
 * setting is found by name on {@link BreakerProperties}, {@link CircuitBreakerConfig.Builder} and
 * {@link CircuitBreakerConfig} (see {@code BreakerSettings}), and the predefined breakers are read
 * from {@value PredefinedBreakers#SOURCE}.
 */
public class CircuitRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.reflection()
            .registerType(BreakerProperties.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
                MemberCategory.INVOKE_PUBLIC_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS)
            .registerType(CircuitBreakerConfig.Builder.class, MemberCategory.INVOKE_PUBLIC_METHODS)
            .registerType(CircuitBreakerConfig.class, MemberCategory.INVOKE_PUBLIC_METHODS);
        hints.resources().registerPattern(PredefinedBreakers.SOURCE);
    }
}
