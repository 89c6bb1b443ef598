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
            .recoveryTimeout(Duration.ofSeconds(10)).probeGate(b -> {
                asked.incrementAndGet();
                return mayProbe.get();
            }).build());
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
}
