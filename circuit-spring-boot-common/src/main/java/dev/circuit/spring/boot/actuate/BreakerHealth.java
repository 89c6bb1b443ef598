package dev.circuit.spring.boot.actuate;

import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitSnapshot;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code circuitBreakers} health contributor reports of one breaker, whatever Boot line shows
 * it: CLOSED and DISABLED are {@code UP}, HALF_OPEN is {@code HALF_OPEN}, OPEN and FORCED_OPEN are
 * {@code CIRCUIT_OPEN}, or {@code DOWN} for a breaker with {@code health.fail-when-open: true}.
 *
 * @param status  the status code
 * @param details the figures shown beside it
 */
public record BreakerHealth(String status, Map<String, Object> details) {

    /** The status code of a breaker that is probing. */
    public static final String HALF_OPEN = "HALF_OPEN";
    /** The status code of an open breaker. */
    public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
    /** The description of {@link #HALF_OPEN}. */
    public static final String HALF_OPEN_DESCRIPTION = "the breaker is probing the dependency";
    /** The description of {@link #CIRCUIT_OPEN}. */
    public static final String CIRCUIT_OPEN_DESCRIPTION = "the breaker rejects calls";

    /**
     * The health of a breaker now.
     *
     * @param snapshot     the breaker's snapshot
     * @param failWhenOpen whether an open breaker reports DOWN
     * @return its health
     */
    public static BreakerHealth of(CircuitSnapshot snapshot, boolean failWhenOpen) {
        String status = switch (snapshot.state()) {
            case CLOSED, DISABLED -> "UP";
            case HALF_OPEN -> HALF_OPEN;
            case OPEN, FORCED_OPEN -> failWhenOpen ? "DOWN" : CIRCUIT_OPEN;
        };
        return new BreakerHealth(status, details(snapshot));
    }

    private static Map<String, Object> details(CircuitSnapshot snapshot) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", snapshot.state());
        details.put("failureCount", snapshot.consecutiveFailures());
        details.put("failureRate", snapshot.failureRate());
        details.put("rejected", snapshot.rejected());
        CircuitEvent failure = snapshot.lastFailure();
        if (failure != null) {
            Map<String, Object> last = new LinkedHashMap<>();
            last.put("time", failure.time().toString());
            last.put("type", failure.errorType());
            last.put("message", failure.reason());
            last.put("category", failure.category());
            details.put("lastFailure", last);
        }
        if (snapshot.openedAt() != null) {
            details.put("openedAt", snapshot.openedAt().toString());
        }
        if (snapshot.nextAttemptAt() != null) {
            details.put("nextAttemptAt", snapshot.nextAttemptAt().toString());
        }
        return details;
    }
}
