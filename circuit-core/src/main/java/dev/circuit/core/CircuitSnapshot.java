package dev.circuit.core;

import java.time.Duration;
import java.time.Instant;

/**
 * An immutable picture of a breaker at one moment, from {@link CircuitBreaker#snapshot()}.
 *
 * @param name                the breaker's name
 * @param state               its state
 * @param consecutiveFailures failures since the last success; an open circuit keeps the count that
 *                            opened it (plus failed probes) until a success or a reset
 * @param successes           calls recorded as successes since the breaker was created
 * @param failures            calls recorded as failures since the breaker was created
 * @param ignored             calls whose outcome was ignored since the breaker was created
 * @param rejected            calls rejected since the breaker was created
 * @param failureRate         failures / calls in the sliding window as a fraction, or -1 when the window
 *                            holds fewer than the minimum calls or no rate policy is configured
 * @param slowCallRate        slow calls / calls in the sliding window, or -1 like {@code failureRate}
 * @param bufferedCalls       calls held in the sliding window (0 when no rate policy is configured)
 * @param lastFailure         the last recorded failure, or null when there was none
 * @param openedAt            when the circuit last opened, or null when it is not open
 * @param nextAttemptAt       when an OPEN circuit lets a probe through, or null when it is not OPEN or
 *                            waits for an operator
 * @param callPermitted       whether a call would be permitted now
 * @param throttleProbability the probability that adaptive throttling rejects a new call now (0 when
 *                            it is off or the circuit is not CLOSED)
 * @param callsInFlight       calls that started and have not ended, or -1 when they are not counted (they are
 *                            with the slow-call-rate policy or a cap on calls in flight)
 * @param oldestCallInFlight  how long the oldest call in flight has been running (to an eighth of the slow-call
 *                            duration), or null when none is or ages are not tracked (the slow-call-rate policy
 *                            tracks them)
 */
public record CircuitSnapshot(String name, CircuitState state, int consecutiveFailures,
                              long successes, long failures, long ignored, long rejected,
                              double failureRate, double slowCallRate, int bufferedCalls,
                              CircuitEvent lastFailure, Instant openedAt, Instant nextAttemptAt,
                              boolean callPermitted, double throttleProbability, int callsInFlight,
                              Duration oldestCallInFlight) {
}
