package dev.circuit.core;

import java.time.Duration;

/**
 * How long each opening of a circuit lasts, as a function of the recoveries that failed since it last
 * closed. Set with {@link CircuitBreakerConfig.Builder#openDuration(OpenDuration)}, it replaces the
 * recovery timeout, the backoff and the jitter.
 */
@FunctionalInterface
public interface OpenDuration {

    /**
     * The length of one opening.
     *
     * @param failedRecoveries recoveries that failed since the circuit last closed: 0 when it opens from
     *                         CLOSED (or on an operator's request), 1 after the first failed recovery, and so on
     * @return how long this opening lasts; a positive duration (anything shorter counts as one nanosecond)
     */
    Duration of(int failedRecoveries);
}
