package dev.circuit.spring.boot.actuate;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitSnapshot;
import dev.circuit.core.CircuitState;
import dev.circuit.core.InvalidConfigurationException;
import dev.circuit.spring.support.CircuitStatusContributor;
import dev.circuit.spring.support.RetuneListener;
import dev.circuit.spring.boot.config.BreakerConfigFactory;
import dev.circuit.spring.boot.config.BreakerProperties;
import dev.circuit.spring.boot.config.BreakerSettings;
import dev.circuit.spring.boot.config.SettingsBinder;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /actuator/circuitbreakers}: every breaker's state and figures; one breaker's snapshot,
 * effective configuration and recent events; and operator actions and run-time retuning through
 * {@code POST}. Writes change production behaviour, so the endpoint is read-only unless the
 * application grants more: {@code management.endpoint.circuitbreakers.access=unrestricted} switches the
 * writes on (secure them); a refused write answers 4xx and changes nothing.
 */
@Endpoint(id = CircuitBreakersEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class CircuitBreakersEndpoint {

    /** The endpoint's id: {@code /actuator/circuitbreakers}. */
    public static final String ID = "circuitbreakers";

    private static final String ACTION = "action";

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
     * Why a request was refused.
     *
     * @param error the reason
     */
    public record Refusal(String error) {
    }

    private final CircuitBreakerRegistry registry;
    private final BreakerConfigFactory configs;
    private final List<CircuitStatusContributor> contributors;
    private final List<RetuneListener> retuneListeners;

    /**
     * Creates the endpoint.
     *
     * @param registry     the breakers
     * @param configs      validates run-time configuration changes
     * @param contributors    add top-level sections, such as fleet mode's {@code cluster}
     * @param retuneListeners hear of every retuning once it is applied, such as fleet mode
     */
    public CircuitBreakersEndpoint(CircuitBreakerRegistry registry, BreakerConfigFactory configs,
                                   List<CircuitStatusContributor> contributors, List<RetuneListener> retuneListeners) {
        this.registry = registry;
        this.configs = configs;
        this.contributors = List.copyOf(contributors);
        this.retuneListeners = List.copyOf(retuneListeners);
    }

    /**
     * @return every breaker's snapshot, sorted by name (a predefined breaker once something asked for it), and
     *         each contributor's section
     */
    @ReadOperation
    public BreakersReport breakers() {
        Map<String, CircuitSnapshot> snapshots = new LinkedHashMap<>();
        registry.all().stream().sorted(Comparator.comparing(CircuitBreaker::name))
            .forEach(breaker -> snapshots.put(breaker.name(), breaker.snapshot()));
        Map<String, Object> sections = new LinkedHashMap<>();
        contributors.forEach(contributor -> sections.put(contributor.name(), contributor.status()));
        return new BreakersReport(snapshots, sections);
    }

    /**
     * One breaker.
     *
     * @param name the breaker's name
     * @return its report, or 404 with the closest known name when there is no such breaker
     */
    @ReadOperation
    public WebEndpointResponse<Object> breaker(@Selector String name) {
        return registry.find(name).map(breaker -> new WebEndpointResponse<Object>(report(breaker)))
            .orElseGet(() -> unknown(name));
    }

    /**
     * Acts on a breaker. Settings in the same request are delivered to
     * {@link #update(String, Map)} by {@link WholeRequestAdvisor}, so that they are declared once, in
     * {@link BreakerProperties}, instead of as parameters here.
     *
     * @param name   the breaker's name
     * @param action RESET, FORCE_OPEN, DISABLE or CLOSE
     * @return the breaker's report, 400 with the reason, or 404 for an unknown breaker
     */
    @WriteOperation
    public WebEndpointResponse<Object> update(@Selector String name, @Nullable String action) {
        return update(name, action == null ? Map.of() : Map.of(ACTION, action));
    }

    /**
     * Acts on a breaker and/or retunes it. The request is bound as strictly as {@code application.yml}:
     * an unknown setting, a value that does not convert or a value the engine refuses answers 400 with
     * the reason and changes nothing.
     *
     * @param name    the breaker's name
     * @param request {@code action} and/or settings by their camel-case names, such as
     *                {@code {"failureThreshold": 10, "recoveryTimeout": "30s"}}
     * @return the breaker's report, 400 with the reason, or 404 for an unknown breaker
     */
    public WebEndpointResponse<Object> update(String name, Map<String, ?> request) {
        CircuitBreaker breaker = registry.find(name).orElse(null);
        if (breaker == null) {
            return unknown(name);
        }
        Map<String, Object> settings = new LinkedHashMap<>(request);
        Object action = settings.remove(ACTION);
        if (action == null && settings.isEmpty()) {
            return refuse("Nothing to do: send an \"action\" (one of " + List.of(Action.values())
                + ") and/or settings such as {\"failureThreshold\": 10}");
        }
        Action parsedAction;
        CircuitBreakerConfig newConfig;
        try {
            parsedAction = action == null ? null : parseAction(String.valueOf(action));
            newConfig = settings.isEmpty() ? null : configure(breaker, settings);
        } catch (IllegalArgumentException e) {
            return refuse(e.getMessage());
        }
        if (newConfig != null) {
            registry.reconfigure(name, newConfig);
            retuneListeners.forEach(listener -> listener.retuned(name, settings));
        }
        if (parsedAction != null) {
            apply(breaker, parsedAction);
        }
        return new WebEndpointResponse<>(report(breaker));
    }

    private static Action parseAction(String action) {
        try {
            return Action.valueOf(action.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown action '" + action + "'; allowed: " + List.of(Action.values()));
        }
    }

    private CircuitBreakerConfig configure(CircuitBreaker breaker, Map<String, ?> settings) {
        BreakerProperties properties = SettingsBinder.bindStrictly(settings);
        try {
            return configs.apply(breaker.config(), properties, Function.identity());
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

    private WebEndpointResponse<Object> unknown(String name) {
        List<String> known = List.copyOf(registry.names()); // predefined breakers not asked for yet included
        String closest = BreakerSettings.likelyMeant(name, known);
        return new WebEndpointResponse<>(new Refusal("No circuit breaker named '" + name + "'"
            + (closest == null ? "" : " (did you mean '" + closest + "'?)") + "; known: " + known),
            WebEndpointResponse.STATUS_NOT_FOUND);
    }

    private static WebEndpointResponse<Object> refuse(String reason) {
        return new WebEndpointResponse<>(new Refusal(reason), WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    private BreakerReport report(CircuitBreaker breaker) {
        Map<String, Object> sections = new LinkedHashMap<>();
        for (CircuitStatusContributor contributor : contributors) {
            Map<String, Object> status = contributor.statusOf(breaker);
            if (!status.isEmpty()) {
                sections.put(contributor.name(), status);
            }
        }
        return new BreakerReport(breaker.snapshot(), BreakerSettings.describe(breaker.config()), breaker.history(),
            sections);
    }
}
