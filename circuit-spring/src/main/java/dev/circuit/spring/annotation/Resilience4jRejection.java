package dev.circuit.spring.annotation;

import dev.circuit.core.CircuitOpenException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resilience4j's rejection, {@code CallNotPermittedException}, for a fallback declared for it. Resilience4j
 * makes that exception only from one of its breakers, so one stand-in breaker per name and state gives it
 * Resilience4j's message ("CircuitBreaker 'x' is OPEN and does not permit further calls"). Only used when a
 * fallback names the type, so only loaded (and verified, which loads Resilience4j's types) when
 * resilience4j-circuitbreaker is on the class path: nothing else may refer to this class.
 */
final class Resilience4jRejection {

    private static final Map<String, CircuitBreaker> STAND_INS = new ConcurrentHashMap<>();

    private Resilience4jRejection() {
    }

    /**
     * Resilience4j's rejection for one of circuit's.
     *
     * @param rejection circuit's rejection
     * @return a {@code CallNotPermittedException} naming the same breaker and state, without a stack trace
     */
    static Throwable of(CircuitOpenException rejection) {
        String state = switch (rejection.state()) {
            case HALF_OPEN -> "HALF_OPEN";
            case FORCED_OPEN -> "FORCED_OPEN";
            default -> "OPEN";
        };
        CircuitBreaker standIn = STAND_INS.computeIfAbsent(rejection.breakerName() + '\u0000' + state, key -> {
            CircuitBreaker made = CircuitBreaker.of(rejection.breakerName(),
                CircuitBreakerConfig.custom().writableStackTraceEnabled(false).build());
            if (state.equals("FORCED_OPEN")) {
                made.transitionToForcedOpenState();
            } else {
                made.transitionToOpenState(); // Resilience4j reaches HALF_OPEN only through OPEN
                if (state.equals("HALF_OPEN")) {
                    made.transitionToHalfOpenState();
                }
            }
            return made;
        });
        return CallNotPermittedException.createCallNotPermittedException(standIn);
    }
}
