package dev.circuit.benchmarks;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.SlidingWindowType;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;

import java.time.Duration;

/**
 * The breakers under test, configured alike across libraries.
 *
 * <ul>
 *   <li>{@code consecutive}: open after 5 consecutive failures. circuit and Failsafe have this policy;
 *       Resilience4j has not, and gets its exact equivalent: a count window of 5 calls, a minimum of 5
 *       and a 100 % failure rate (5 failures in the last 5 calls are 5 consecutive failures).</li>
 *   <li>{@code rate_window}: open at a 50 % failure rate over the last 100 calls, once 100 calls were
 *       seen (Resilience4j's defaults; Failsafe's {@code withFailureThreshold(50, 100)}).</li>
 * </ul>
 */
final class Breakers {

    static final Duration LONG = Duration.ofHours(1);

    private Breakers() {
    }

    static CircuitBreaker circuit(String policy) {
        CircuitBreakerConfig.Builder config = CircuitBreakerConfig.builder().recoveryTimeout(LONG);
        if (policy.equals("rate_window")) {
            config.failureThreshold(0).failureRateThreshold(0.5)
                .slidingWindow(SlidingWindowType.COUNT_BASED, 100).minimumCalls(100);
        } else if (policy.equals("slow_rate")) {
            config.failureThreshold(0).slowCallRateThreshold(0.5).slowCallDuration(Duration.ofSeconds(1))
                .slidingWindow(SlidingWindowType.COUNT_BASED, 100).minimumCalls(100);
        } else {
            config.failureThreshold(5);
        }
        if (policy.endsWith("_cap")) {
            config.maxConcurrentCalls(64);
        }
        return CircuitBreaker.of("bench", config.build());
    }

    static io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4j(String policy,
            SlidingWindowSynchronizationStrategy strategy, boolean stackTraces) {
        var config = io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
            .waitDurationInOpenState(LONG)
            .slidingWindowSynchronizationStrategy(strategy)
            .writableStackTraceEnabled(stackTraces);
        if (policy.equals("rate_window")) {
            config.slidingWindowType(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(100).minimumNumberOfCalls(100).failureRateThreshold(50);
        } else {
            config.slidingWindowType(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(5).minimumNumberOfCalls(5).failureRateThreshold(100);
        }
        return io.github.resilience4j.circuitbreaker.CircuitBreaker.of("bench", config.build());
    }

    static dev.failsafe.CircuitBreaker<Object> failsafeBreaker(String policy) {
        var builder = dev.failsafe.CircuitBreaker.builder().withDelay(LONG);
        if (policy.equals("rate_window")) {
            builder.withFailureThreshold(50, 100);
        } else {
            builder.withFailureThreshold(5);
        }
        return builder.build();
    }

    static FailsafeExecutor<Object> failsafe(dev.failsafe.CircuitBreaker<Object> breaker) {
        return Failsafe.with(breaker);
    }
}
