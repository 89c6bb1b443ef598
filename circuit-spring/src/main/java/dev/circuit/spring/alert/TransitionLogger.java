package dev.circuit.spring.alert;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs every state transition once, through SLF4J: OPEN and FORCED_OPEN at ERROR, every other state
 * at INFO. The breaker, the states, the reason and the figures go in as key-value pairs, which a JSON
 * log encoder keeps as fields.
 */
public class TransitionLogger implements CircuitListener {

    private static final Logger LOG = LoggerFactory.getLogger("dev.circuit");

    @Override
    public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
        Level level = transition.to().isOpen() ? Level.ERROR : Level.INFO;
        CircuitSnapshot snapshot = breaker.snapshot();
        LOG.atLevel(level)
            .addKeyValue("breaker", breaker.name())
            .addKeyValue("from", transition.from())
            .addKeyValue("to", transition.to())
            .addKeyValue("reason", transition.reason())
            .addKeyValue("consecutiveFailures", snapshot.consecutiveFailures())
            .addKeyValue("failures", snapshot.failures())
            .addKeyValue("rejected", snapshot.rejected())
            .addKeyValue("nextAttemptAt", snapshot.nextAttemptAt() != null ? snapshot.nextAttemptAt()
                : transition.to().isOpen() ? "manual reset required" : "-")
            .log("Circuit breaker '{}' {} -> {}: {}", breaker.name(), transition.from(), transition.to(),
                transition.reason());
    }
}
