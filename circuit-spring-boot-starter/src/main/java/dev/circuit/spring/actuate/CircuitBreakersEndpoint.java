package dev.circuit.spring.actuate;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.core.CircuitState;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.autoconfigure.BreakerConfigFactory;
import dev.circuit.spring.autoconfigure.BreakerProperties;
import dev.circuit.spring.autoconfigure.SettingsBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.convert.DurationStyle;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /actuator/circuitbreakers}: every breaker's state and figures; one breaker's snapshot,
 * effective configuration and recent events; and operator actions and run-time retuning through
 * {@code POST}. Writes change production behaviour: expose and secure them deliberately.
 */
@Endpoint(id = "circuitbreakers")
public class CircuitBreakersEndpoint {

    /** What an operator may ask for with {@code {"action": ...}}. */
    public enum Action {
        /** Close the circuit and clear its counts and backoff. */
        RESET,
        /** Hold the circuit open until an operator acts. */
        FORCE_OPEN,
        /** Permit every call and never trip. */
        DISABLE,
        /** Close the circuit (same as RESET). */
        CLOSE
    }

    /**
     * Every breaker.
     *
     * @param breakers the breakers' snapshots by name, sorted by name
     */
    public record BreakersReport(Map<String, CircuitSnapshot> breakers) {
    }

    /**
     * One breaker in detail.
     *
     * @param snapshot its figures
     * @param config   its effective configuration
     * @param events   its recent transitions and failures, oldest first
     */
    public record BreakerReport(CircuitSnapshot snapshot, Map<String, Object> config, List<CircuitEvent> events) {
    }

    /**
     * Why a request was refused.
     *
     * @param error the reason
     */
    public record Refusal(String error) {
    }

    private final CircuitBreakerRegistry registry;
    private final BreakerConfigFactory configs;

    /**
     * Creates the endpoint.
     *
     * @param registry the breakers
     * @param configs  validates run-time configuration changes
     */
    public CircuitBreakersEndpoint(CircuitBreakerRegistry registry, BreakerConfigFactory configs) {
        this.registry = registry;
        this.configs = configs;
    }

    /** @return every breaker's snapshot, sorted by name */
    @ReadOperation
    public BreakersReport breakers() {
        Map<String, CircuitSnapshot> snapshots = new LinkedHashMap<>();
        registry.all().stream().sorted(Comparator.comparing(CircuitBreaker::name))
            .forEach(breaker -> snapshots.put(breaker.name(), breaker.snapshot()));
        return new BreakersReport(snapshots);
    }

    /**
     * One breaker.
     *
     * @param name the breaker's name
     * @return its report, or null (404) when there is no such breaker
     */
    @ReadOperation
    public @Nullable BreakerReport breaker(@Selector String name) {
        return registry.find(name).map(CircuitBreakersEndpoint::report).orElse(null);
    }

    /**
     * Acts on a breaker and/or retunes it. Settings are validated before anything changes: a bad
     * value answers 400 with the reason and changes nothing.
     *
     * @param name                  the breaker's name
     * @param action                RESET, FORCE_OPEN, DISABLE or CLOSE
     * @param failureThreshold      see the {@code circuit.*} property of the same name
     * @param failureRateThreshold  see the property of the same name
     * @param slowCallRateThreshold see the property of the same name
     * @param slowCallDuration      see the property of the same name, such as {@code 2s}
     * @param slidingWindowType     see the property of the same name
     * @param slidingWindowSize     see the property of the same name
     * @param minimumCalls          see the property of the same name
     * @param recoveryTimeout       see the property of the same name, such as {@code 30s}
     * @param backoffMultiplier     see the property of the same name
     * @param maxRecoveryTimeout    see the property of the same name
     * @param jitter                see the property of the same name
     * @param manualRecovery        see the property of the same name
     * @param halfOpenMaxCalls      see the property of the same name
     * @param successThreshold      see the property of the same name
     * @param halfOpenProbeTimeout  see the property of the same name
     * @param historySize           see the property of the same name
     * @return the breaker's report, 400 with the reason, or 404 for an unknown breaker
     */
    @WriteOperation
    public WebEndpointResponse<Object> update(@Selector String name, @Nullable String action,
            @Nullable String failureThreshold, @Nullable String failureRateThreshold,
            @Nullable String slowCallRateThreshold, @Nullable String slowCallDuration,
            @Nullable String slidingWindowType, @Nullable String slidingWindowSize, @Nullable String minimumCalls,
            @Nullable String recoveryTimeout, @Nullable String backoffMultiplier, @Nullable String maxRecoveryTimeout,
            @Nullable String jitter, @Nullable String manualRecovery, @Nullable String halfOpenMaxCalls,
            @Nullable String successThreshold, @Nullable String halfOpenProbeTimeout, @Nullable String historySize) {
        CircuitBreaker breaker = registry.find(name).orElse(null);
        if (breaker == null) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "failureThreshold", failureThreshold);
        put(settings, "failureRateThreshold", failureRateThreshold);
        put(settings, "slowCallRateThreshold", slowCallRateThreshold);
        put(settings, "slowCallDuration", slowCallDuration);
        put(settings, "slidingWindowType", slidingWindowType);
        put(settings, "slidingWindowSize", slidingWindowSize);
        put(settings, "minimumCalls", minimumCalls);
        put(settings, "recoveryTimeout", recoveryTimeout);
        put(settings, "backoffMultiplier", backoffMultiplier);
        put(settings, "maxRecoveryTimeout", maxRecoveryTimeout);
        put(settings, "jitter", jitter);
        put(settings, "manualRecovery", manualRecovery);
        put(settings, "halfOpenMaxCalls", halfOpenMaxCalls);
        put(settings, "successThreshold", successThreshold);
        put(settings, "halfOpenProbeTimeout", halfOpenProbeTimeout);
        put(settings, "historySize", historySize);
        if (action == null && settings.isEmpty()) {
            return refuse("Nothing to do: send an \"action\" (one of " + List.of(Action.values())
                + ") and/or settings such as {\"failureThreshold\": 10}");
        }
        Action parsedAction;
        CircuitBreakerConfig newConfig;
        try {
            parsedAction = action == null ? null : parseAction(action);
            newConfig = settings.isEmpty() ? null : configure(breaker, settings);
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        if (newConfig != null) {
            registry.reconfigure(name, newConfig);
        }
        if (parsedAction != null) {
            apply(breaker, parsedAction);
        }
        return new WebEndpointResponse<>(report(breaker));
    }

    private static void put(Map<String, String> settings, String name, @Nullable String value) {
        if (value != null) {
            settings.put(name, value);
        }
    }

    private static Action parseAction(String action) {
        try {
            return Action.valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown action '" + action + "'; allowed: " + List.of(Action.values()));
        }
    }

    private CircuitBreakerConfig configure(CircuitBreaker breaker, Map<String, String> settings) {
        BreakerProperties properties;
        try {
            properties = SettingsBinder.bindOnto(new BreakerProperties(), settings);
        } catch (BindException e) {
            String setting = e.getName() == null ? "a setting" : camel(e.getName().toString());
            throw new IllegalArgumentException("Invalid value for " + setting + ": "
                + Objects.requireNonNullElse(e.getCause(), e).getMessage());
        }
        try {
            return configs.apply(breaker.config(), properties, CircuitBreakersEndpoint::camel);
        } catch (InvalidConfigurationException e) {
            throw new IllegalArgumentException("Invalid value '" + e.value() + "' for " + e.setting()
                + ": allowed is " + e.allowed());
        }
    }

    private static void apply(CircuitBreaker breaker, Action action) {
        switch (action) {
            case RESET -> breaker.reset();
            case FORCE_OPEN -> breaker.forceOpen();
            case DISABLE -> breaker.disable();
            case CLOSE -> breaker.transitionTo(CircuitState.CLOSED);
        }
    }

    private static WebEndpointResponse<Object> refuse(String reason) {
        return new WebEndpointResponse<>(new Refusal(reason), WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    /** {@code failure-threshold} to {@code failureThreshold}. */
    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static BreakerReport report(CircuitBreaker breaker) {
        return new BreakerReport(breaker.snapshot(), describe(breaker.config()), breaker.history());
    }

    /** The effective configuration, durations written as in application.yml. */
    static Map<String, Object> describe(CircuitBreakerConfig c) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("failureThreshold", c.failureThreshold());
        config.put("failureRateThreshold", c.failureRateThreshold());
        config.put("slowCallRateThreshold", c.slowCallRateThreshold());
        config.put("slowCallDuration", duration(c.slowCallDuration()));
        config.put("slidingWindowType", c.slidingWindowType());
        config.put("slidingWindowSize", c.slidingWindowSize());
        config.put("minimumCalls", c.minimumCalls());
        config.put("recoveryTimeout", duration(c.recoveryTimeout()));
        config.put("backoffMultiplier", c.backoffMultiplier());
        config.put("maxRecoveryTimeout", duration(c.maxRecoveryTimeout()));
        config.put("jitter", c.jitter());
        config.put("manualRecovery", c.manualRecovery());
        config.put("halfOpenMaxCalls", c.halfOpenMaxCalls());
        config.put("successThreshold", c.successThreshold());
        config.put("halfOpenProbeTimeout", duration(c.halfOpenProbeTimeout()));
        config.put("recordExceptions", c.recordExceptions().stream().map(Class::getName).toList());
        config.put("ignoreExceptions", c.ignoreExceptions().stream().map(Class::getName).toList());
        config.put("ignoreCategories", c.ignoreCategories());
        config.put("resultPredicate", c.resultPredicate() != null);
        config.put("historySize", c.historySize());
        return config;
    }

    /** A duration as in application.yml, in the largest unit that keeps it exact: {@code 60s}, {@code 250ms}. */
    private static String duration(Duration duration) {
        ChronoUnit unit = duration.toNanosPart() == 0 ? ChronoUnit.SECONDS
            : duration.toNanosPart() % 1_000_000 == 0 ? ChronoUnit.MILLIS : ChronoUnit.NANOS;
        return DurationStyle.SIMPLE.print(duration, unit);
    }
}
