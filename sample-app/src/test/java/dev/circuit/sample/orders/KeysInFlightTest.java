package dev.circuit.sample.orders;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeysInFlightTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final KeysInFlight keys = new KeysInFlight(Duration.ofHours(24), now::get);

    @Test
    void aSecondAttemptWhileTheFirstRunsIsRefusedAndChangesNothing() {
        assertThat(keys.start("k")).isFalse();
        assertThatExceptionOfType(KeyInFlightException.class).isThrownBy(() -> keys.start("k"))
            .withMessageContaining("'k' is being processed");
        assertThatExceptionOfType(KeyInFlightException.class).isThrownBy(() -> keys.start("k"));
        assertThat(keys.start("other")).isFalse();

        keys.end("k", KeysInFlight.Ending.FAILED);
        assertThat(keys.start("k")).isFalse();
    }

    @Test
    void anUnknownOutcomeStaysUntilTheDatabaseAnswersAboutTheKey() {
        keys.start("k");
        keys.end("k", KeysInFlight.Ending.OUTCOME_UNKNOWN);

        assertThat(keys.start("k")).isTrue();
        keys.end("k", KeysInFlight.Ending.FAILED); // this attempt learnt nothing about the earlier commit
        assertThat(keys.start("k")).isTrue();
        keys.end("k", KeysInFlight.Ending.SETTLED);
        assertThat(keys.start("k")).isFalse();
    }

    @Test
    void anUnknownOutcomeIsForgottenWithTheKeyItself() {
        keys.start("k");
        keys.end("k", KeysInFlight.Ending.OUTCOME_UNKNOWN);
        now.set(now.get().plus(Duration.ofHours(24)));

        assertThat(keys.start("k")).isFalse();
    }

    @Test
    void unknownOutcomesPastTheTimeToLiveAreDroppedWhenAnotherIsRemembered() {
        keys.start("old");
        keys.end("old", KeysInFlight.Ending.OUTCOME_UNKNOWN);
        now.set(now.get().plus(Duration.ofHours(25)));
        keys.start("new");
        keys.end("new", KeysInFlight.Ending.OUTCOME_UNKNOWN);

        assertThat(keys.size()).isEqualTo(1);
    }
}
