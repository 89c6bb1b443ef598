package dev.circuit.spring.boot.actuate;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The meter binder against a simple meter registry: what it measures, and what it leaves off the call path. */
class CircuitBreakerMetricsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.builder()
        .failureThreshold(3).ticker(nanos::get).build());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void countersAndGaugesReadTheEngineFiguresAndCallsAreNotTimedByDefault() throws Exception {
        new CircuitBreakerMetrics(breakers, false, false).bindTo(meters);
        CircuitBreaker db = breakers.breaker("db");
        db.call(() -> {
            nanos.addAndGet(5_000_000);
            return "ok";
        });
        db.recordFailure(new ConnectException("refused"));
        db.recordFailure(new IOException("broken"));

        assertThat(meters.get("circuit.breaker.calls").tag("component", "db").tag("outcome", "success").functionCounter().count())
            .isEqualTo(1);
        assertThat(meters.get("circuit.breaker.failures.by.category").tag("category", "CONNECTION").functionCounter().count())
            .isEqualTo(1);
        assertThat(meters.get("circuit.breaker.failures").tag("component", "db").gauge().value()).isEqualTo(2);
        assertThat(meters.find("circuit.breaker.call").timers()).isEmpty();
    }

    @Test
    void theCallTimerTimesEveryCallWhenSwitchedOn() throws Exception {
        new CircuitBreakerMetrics(breakers, true, false).bindTo(meters);
        CircuitBreaker db = breakers.breaker("db");
        db.call(() -> {
            nanos.addAndGet(5_000_000);
            return "ok";
        });

        assertThat(meters.get("circuit.breaker.call").tag("outcome", "success").timer().totalTime(
            java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(5);
    }

    @Test
    void transitionsAreCountedOnceAndRepeatedActionsNotAtAll() {
        new CircuitBreakerMetrics(breakers, false, false).bindTo(meters);
        CircuitBreaker db = breakers.breaker("db");
        for (int i = 0; i < 5; i++) {
            db.forceOpen();
        }
        db.reset();
        db.reset();

        assertThat(meters.get("circuit.breaker.transitions").tag("to", "FORCED_OPEN").counter().count()).isEqualTo(1);
        assertThat(meters.get("circuit.breaker.transitions").tag("to", "CLOSED").counter().count()).isEqualTo(1);
    }

    @Test
    void listenerErrorsAreCounted() {
        new CircuitBreakerMetrics(breakers, false, false).bindTo(meters);
        CircuitBreaker db = breakers.breaker("db");
        db.addListener(new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
                throw new IllegalStateException("bug");
            }
        });
        db.forceOpen();

        assertThat(meters.get("circuit.breaker.listener.errors").functionCounter().count()).isEqualTo(1);
    }
}
