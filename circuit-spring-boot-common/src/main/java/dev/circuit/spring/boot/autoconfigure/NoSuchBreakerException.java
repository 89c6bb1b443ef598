package dev.circuit.spring.boot.autoconfigure;

import dev.circuit.spring.boot.config.BreakerSettings;

import java.util.Collection;

/** {@code @CircuitProtected} names a breaker that is not configured, and missing breakers are not created. */
public class NoSuchBreakerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String action;

    /**
     * @param name  the name asked for
     * @param known the names of the configured breakers
     */
    public NoSuchBreakerException(String name, Collection<String> known) {
        this("No circuit breaker named '" + name + "' is configured" + suggestion(name, known) + "; known: " + known + ".",
            "Configure it under circuit.breakers." + name
                + ", or set circuit.create-missing-breakers=true to create it from circuit.defaults.");
    }

    private static String suggestion(String name, Collection<String> known) {
        String closest = BreakerSettings.likelyMeant(name, known);
        return closest == null ? "" : " (did you mean '" + closest + "'?)";
    }

    private NoSuchBreakerException(String problem, String action) {
        super(problem + " " + action);
        this.problem = problem;
        this.action = action;
    }

    /** @return what is wrong */
    public String problem() {
        return problem;
    }

    /** @return what to do about it */
    public String action() {
        return action;
    }
}
