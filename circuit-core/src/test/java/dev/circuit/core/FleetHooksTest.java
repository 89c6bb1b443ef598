package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a fleet of instances needs to drive a breaker: decisions made elsewhere, and one prober at a time. */
class FleetHooksTest {

    private final FakeTime time = new FakeTime();

    @Test
    void openUntilOpensWithTheGivenNextAttemptAndAnOpenCircuitTakesANewOneQuietly() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
        breaker.openUntil(time.instant().plusSeconds(30), "cluster: opened by instance b");

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(30));
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason).isEqualTo("cluster: opened by instance b");

        breaker.openUntil(time.instant().plusSeconds(90), "cluster: probe failed on instance c");
        assertThat(breaker.snapshot().nextAttemptAt()).isEqualTo(time.instant().plusSeconds(90));
        assertThat(breaker.history()).hasSize(1);
        time.advance(Duration.ofSeconds(89));
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);
        time.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void aProbeGateKeepsTheCircuitOpenUntilItSaysThisInstanceMayProbe() {
        AtomicBoolean mayProbe = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .recoveryTimeout(Duration.ofSeconds(10)).build());
        breaker.probeGate(b -> {
            asked.incrementAndGet();
            return mayProbe.get();
        });
        breaker.recordFailure(new java.io.IOException("down"));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(asked).hasValue(0); // never asked before the timeout

        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.history()).last().extracting(CircuitEvent::to).isEqualTo(CircuitState.OPEN);
        mayProbe.set(true);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.history()).last().extracting(CircuitEvent::to).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void aTransitionCarriesTheCallersReason() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
        breaker.transitionTo(CircuitState.FORCED_OPEN, "cluster: forced open by operator on instance a");
        assertThat(breaker.history()).last().extracting(CircuitEvent::reason)
            .isEqualTo("cluster: forced open by operator on instance a");
    }

    @Test
    void everyTransitionSaysWhatMadeItTyped() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .recoveryTimeout(Duration.ofSeconds(10)).build());
        breaker.recordFailure(new java.io.IOException("down"));
        time.advance(Duration.ofSeconds(10));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onSuccess(0);
        breaker.transitionTo(CircuitState.FORCED_OPEN, "maintenance window");
        breaker.transitionTo(CircuitState.CLOSED, "cluster: reset on instance b", CircuitEvent.Cause.FLEET);
        breaker.openUntil(time.instant().plusSeconds(5), "cluster: opened by [b, c]");

        assertThat(breaker.history()).filteredOn(event -> event.type() == CircuitEvent.Type.STATE_TRANSITION)
            .extracting(CircuitEvent::cause).containsExactly(CircuitEvent.Cause.POLICY, CircuitEvent.Cause.TIMER,
                CircuitEvent.Cause.PROBE, CircuitEvent.Cause.OPERATOR, CircuitEvent.Cause.FLEET, CircuitEvent.Cause.FLEET);
        assertThat(breaker.history()).filteredOn(event -> event.type() == CircuitEvent.Type.FAILURE)
            .extracting(CircuitEvent::cause).containsOnlyNulls();
        assertThatThrownBy(() -> breaker.transitionTo(CircuitState.OPEN, "x", CircuitEvent.Cause.POLICY))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("cause must be OPERATOR or FLEET, not POLICY");
    }

    @Test
    void operatorActionsAreHeardEvenWhenTheStateDoesNotChangeAndFleetDecisionsAreNot() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
        java.util.List<String> actions = new java.util.ArrayList<>();
        breaker.addListener(new CircuitListener() {
            @Override
            public void onOperatorAction(CircuitBreaker b, CircuitState target, String reason) {
                actions.add(target + ": " + reason);
            }
        });
        breaker.reset(); // already CLOSED: no transition, still an action
        breaker.forceOpen();
        breaker.transitionTo(CircuitState.CLOSED, "cluster: reset on instance b", CircuitEvent.Cause.FLEET);
        breaker.transitionTo(CircuitState.DISABLED, "load test");

        assertThat(actions).containsExactly("CLOSED: reset by operator", "FORCED_OPEN: forced open by operator",
            "DISABLED: load test");
    }

    @Test
    void theProbeGateBelongsToTheBreakerAndSurvivesAReconfiguration() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1)
            .recoveryTimeout(Duration.ofSeconds(10)).build());
        ProbeGate never = b -> false;
        breaker.probeGate(never);
        breaker.reconfigure(CircuitBreakerConfig.builder().ticker(time).instantSource(time).failureThreshold(1)
            .recoveryTimeout(Duration.ofSeconds(10)).build()); // built from scratch
        breaker.recordFailure(new java.io.IOException("down"));
        time.advance(Duration.ofSeconds(10));

        assertThat(breaker.probeGate()).isSameAs(never);
        assertThat(breaker.tryAcquirePermission()).isFalse();
        breaker.probeGate(null);
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }
}
