package dev.circuit.spring.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TransitionLoggerTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.circuit");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    private static Map<String, Object> keyValues(ILoggingEvent event) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (KeyValuePair pair : event.getKeyValuePairs()) {
            values.put(pair.key, pair.value);
        }
        return values;
    }

    @Test
    void eachTransitionIsLoggedOnceOpenAtErrorOthersAtInfoWithKeyValues() {
        CircuitBreaker breaker = CircuitBreaker.of("database", CircuitBreakerConfig.builder().failureThreshold(2).build());
        breaker.addListener(new TransitionLogger());

        breaker.recordFailure(new IOException("refused"));
        breaker.recordFailure(new IOException("refused"));
        breaker.reset();

        assertThat(appender.list).hasSize(2);
        ILoggingEvent opened = appender.list.get(0);
        assertThat(opened.getLevel()).isEqualTo(Level.ERROR);
        assertThat(opened.getFormattedMessage()).isEqualTo("Circuit breaker 'database' CLOSED -> OPEN: 2 consecutive failures");
        assertThat(keyValues(opened)).containsEntry("breaker", "database")
            .containsEntry("from", dev.circuit.core.CircuitState.CLOSED)
            .containsEntry("to", dev.circuit.core.CircuitState.OPEN)
            .containsEntry("reason", "2 consecutive failures")
            .containsEntry("consecutiveFailures", 2)
            .containsEntry("failures", 2L)
            .containsKey("nextAttemptAt");

        ILoggingEvent closed = appender.list.get(1);
        assertThat(closed.getLevel()).isEqualTo(Level.INFO);
        assertThat(closed.getFormattedMessage()).isEqualTo("Circuit breaker 'database' OPEN -> CLOSED: reset by operator");
    }

    @Test
    void aCircuitThatWaitsForAnOperatorSaysSo() {
        CircuitBreaker breaker = CircuitBreaker.of("pipeline", CircuitBreakerConfig.builder().failureThreshold(1)
            .manualRecovery(true).build());
        breaker.addListener(new TransitionLogger());
        breaker.recordFailure(new IOException("bad batch"));

        assertThat(keyValues(appender.list.get(0))).containsEntry("nextAttemptAt", "manual reset required");
    }
}
