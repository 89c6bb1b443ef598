package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperatorControlTest {

    private final FakeTime time = new FakeTime();
    private final CircuitBreaker breaker = CircuitBreaker.of("kafka", time.config().failureThreshold(3).build());

    @Test
    void resetClosesAndClearsTheCounts() {
        breaker.recordFailure(new IOException("1"));
        breaker.recordFailure(new IOException("2"));
        breaker.reset();

        assertThat(breaker.snapshot().consecutiveFailures()).isZero();
        assertThat(breaker.snapshot().failures()).isEqualTo(2); // totals are monotonic
        breaker.recordFailure(new IOException("3"));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void forceOpenRejectsUntilAnOperatorActsWhateverTheTime() {
        breaker.forceOpen();
        time.advance(Duration.ofDays(7));

        assertThat(breaker.state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThatThrownBy(() -> breaker.run(() -> { }))
            .isInstanceOfSatisfying(CircuitOpenException.class, e -> {
                assertThat(e.state()).isEqualTo(CircuitState.FORCED_OPEN);
                assertThat(e.nextAttemptAt()).isNull();
            });
        assertThat(breaker.snapshot().openedAt()).isNotNull();
        breaker.transitionTo(CircuitState.CLOSED);
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void disabledPermitsEverythingAndStillCounts() {
        breaker.disable();
        for (int i = 0; i < 10; i++) {
            breaker.recordFailure(new IOException("x"));
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.DISABLED);
        assertThat(breaker.snapshot().failures()).isEqualTo(10);
        assertThat(breaker.snapshot().callPermitted()).isTrue();
    }

    @Test
    void transitionToEveryStateIsRecordedWithItsReason() {
        breaker.transitionTo(CircuitState.OPEN);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(60));
        breaker.transitionTo(CircuitState.HALF_OPEN);
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.transitionTo(CircuitState.DISABLED);
        breaker.transitionTo(CircuitState.FORCED_OPEN);

        assertThat(breaker.history()).extracting(CircuitEvent::to).containsExactly(
            CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.DISABLED, CircuitState.FORCED_OPEN);
        assertThat(breaker.history()).extracting(CircuitEvent::reason)
            .first().isEqualTo("moved to OPEN by operator");
    }

    @Test
    void reconfigureKeepsTheStateTheCountsListenersAndHistory() {
        int[] transitions = {0};
        breaker.addListener(new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
                transitions[0]++;
            }
        });
        breaker.recordFailure(new IOException("1"));
        breaker.recordFailure(new IOException("2"));

        breaker.reconfigure(breaker.config().toBuilder().failureThreshold(4).build());
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(2);
        breaker.recordFailure(new IOException("3"));
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        breaker.recordFailure(new IOException("4"));
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);

        breaker.reconfigure(breaker.config().toBuilder().recoveryTimeout(Duration.ofSeconds(5)).build());
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(transitions[0]).isEqualTo(1);
        assertThat(breaker.history()).hasSize(5);
        assertThat(breaker.config().failureThreshold()).isEqualTo(4);
    }

    @Test
    void repeatingAnActionIsNotATransition() {
        List<CircuitEvent> transitions = new ArrayList<>();
        breaker.addListener(new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
                transitions.add(transition);
            }
        });
        for (int i = 0; i < 3; i++) {
            breaker.forceOpen();
            breaker.disable();
            breaker.disable();
            breaker.reset();
            breaker.reset();
        }

        assertThat(transitions).extracting(CircuitEvent::to).containsExactly(
            CircuitState.FORCED_OPEN, CircuitState.DISABLED, CircuitState.CLOSED,
            CircuitState.FORCED_OPEN, CircuitState.DISABLED, CircuitState.CLOSED,
            CircuitState.FORCED_OPEN, CircuitState.DISABLED, CircuitState.CLOSED);
        assertThat(breaker.history()).hasSize(9);
    }

    @Test
    void resettingAClosedCircuitClearsItsCountsWithoutATransition() {
        breaker.recordFailure(new IOException("1"));
        breaker.recordFailure(new IOException("2"));
        breaker.reset();

        assertThat(breaker.history()).extracting(CircuitEvent::type).containsOnly(CircuitEvent.Type.FAILURE);
        assertThat(breaker.snapshot().consecutiveFailures()).isZero();
    }
}
