package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.SlidingWindowType;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resilience4j's circuit-breaker YAML, {@code resilience4j.circuitbreaker.*}, read by circuit with
 * Resilience4j's meaning and defaults: {@code configs} are shared configurations ({@code default} applies
 * to every instance and to annotation names nobody configured), {@code instances} (and the older
 * {@code backends}) are breakers. Bound strictly: a misspelled property stops start-up naming it.
 */
@ConfigurationProperties(prefix = "resilience4j.circuitbreaker", ignoreUnknownFields = false)
public class Resilience4jProperties {

    /** Shared configurations, by name; "default" applies to every instance. */
    private Map<String, Instance> configs = new LinkedHashMap<>();

    /** Circuit breakers, by name. */
    private Map<String, Instance> instances = new LinkedHashMap<>();

    /** Circuit breakers, by name (Resilience4j's older name for instances). */
    private Map<String, Instance> backends = new LinkedHashMap<>();

    /** Accepted with no effect: circuit's aspect order is circuit.aspect-order. */
    private @Nullable Integer circuitBreakerAspectOrder;

    /** One breaker's or one shared configuration's settings, by Resilience4j's names. */
    public static class Instance {

        /** How long the circuit stays open before calls probe it (default 60s). */
        private @Nullable Duration waitDurationInOpenState;

        /** A call that takes longer than this counts as slow (default 60s). */
        private @Nullable Duration slowCallDurationThreshold;

        /** How long the circuit may stay half-open before it moves to transitionToStateAfterWaitDuration (default 0: until the permitted calls complete). */
        private @Nullable Duration maxWaitDurationInHalfOpenState;

        /** The state after maxWaitDurationInHalfOpenState: OPEN (the default, a failed recovery) or CLOSED. */
        private @Nullable String transitionToStateAfterWaitDuration;

        /** Failure rate, in percent, at or above which the circuit opens (default 50). */
        private @Nullable Float failureRateThreshold;

        /** Slow-call rate, in percent, at or above which the circuit opens (default 100). */
        private @Nullable Float slowCallRateThreshold;

        /** How the sliding window is measured: the last N calls or the last N seconds (default COUNT_BASED). */
        private @Nullable SlidingWindowType slidingWindowType;

        /** The sliding window's size, in calls or in seconds (default 100). */
        private @Nullable Integer slidingWindowSize;

        /** Calls the window needs before its rates are judged (default 100). */
        private @Nullable Integer minimumNumberOfCalls;

        /** Calls let through when half-open, judged together by the rate thresholds (default 10). */
        private @Nullable Integer permittedNumberOfCallsInHalfOpenState;

        /** Whether the circuit goes half-open by itself when the wait ends (default false: the next call moves it). */
        private @Nullable Boolean automaticTransitionFromOpenToHalfOpenEnabled;

        /** The state a breaker starts in; only CLOSED, the default, is supported. */
        private @Nullable String initialState;

        /** Accepted with no effect: circuit's rejections never fill in a stack trace. */
        private @Nullable Boolean writableStackTraceEnabled;

        /** Whether an open circuit makes its health DOWN instead of CIRCUIT_OPEN (default false). */
        private @Nullable Boolean allowHealthIndicatorToFail;

        /** How many recent events the breaker keeps (circuit's history size). */
        private @Nullable Integer eventConsumerBufferSize;

        /** Accepted with no effect: circuit's health contributor shows every breaker. */
        private @Nullable Boolean registerHealthIndicator;

        /** Class name of a Predicate<Throwable>, with a no-argument constructor, whose errors are failures. */
        private @Nullable String recordFailurePredicate;

        /** Class names of the errors that are failures; any other error counts as a success. */
        private @Nullable List<String> recordExceptions;

        /** Class name of a Predicate<Object>, with a no-argument constructor, whose results are failures. */
        private @Nullable String recordResultPredicate;

        /** Class name of a Predicate<Throwable>, with a no-argument constructor, whose errors count as neither success nor failure. */
        private @Nullable String ignoreExceptionPredicate;

        /** Class names of the errors that count as neither success nor failure. */
        private @Nullable List<String> ignoreExceptions;

        /** Name of a configuration under resilience4j.circuitbreaker.configs that this one extends. */
        private @Nullable String baseConfig;

        /** Whether each failed recovery multiplies the open wait (default false; needs waitDurationInOpenState). */
        private @Nullable Boolean enableExponentialBackoff;

        /** The exponential backoff's multiplier (default 1.5), applied in whole milliseconds as Resilience4j does. */
        private @Nullable Double exponentialBackoffMultiplier;

        /** The exponential backoff's longest wait (default none); as in Resilience4j, only with exponentialBackoffMultiplier set. */
        private @Nullable Duration exponentialMaxWaitDurationInOpenState;

        /** Whether each open wait is drawn at random around waitDurationInOpenState (default false; not with exponential backoff). */
        private @Nullable Boolean enableRandomizedWait;

        /** How far a randomized wait may stray, as a fraction of the wait from 0 to 1 (default 0.5). */
        private @Nullable Double randomizedWaitFactor;

        /** Whether an exception class that is not on the class path is skipped instead of stopping start-up (default false). */
        private @Nullable Boolean ignoreClassBindingExceptions;

        /** @return the setting, or null when not set */
        public @Nullable Duration getWaitDurationInOpenState() {
            return waitDurationInOpenState;
        }

        /** @param waitDurationInOpenState the setting */
        public void setWaitDurationInOpenState(@Nullable Duration waitDurationInOpenState) {
            this.waitDurationInOpenState = waitDurationInOpenState;
        }

        /** @return the setting, or null when not set */
        public @Nullable Duration getSlowCallDurationThreshold() {
            return slowCallDurationThreshold;
        }

        /** @param slowCallDurationThreshold the setting */
        public void setSlowCallDurationThreshold(@Nullable Duration slowCallDurationThreshold) {
            this.slowCallDurationThreshold = slowCallDurationThreshold;
        }

        /** @return the setting, or null when not set */
        public @Nullable Duration getMaxWaitDurationInHalfOpenState() {
            return maxWaitDurationInHalfOpenState;
        }

        /** @param maxWaitDurationInHalfOpenState the setting */
        public void setMaxWaitDurationInHalfOpenState(@Nullable Duration maxWaitDurationInHalfOpenState) {
            this.maxWaitDurationInHalfOpenState = maxWaitDurationInHalfOpenState;
        }

        /** @return the setting, or null when not set */
        public @Nullable String getTransitionToStateAfterWaitDuration() {
            return transitionToStateAfterWaitDuration;
        }

        /** @param transitionToStateAfterWaitDuration the setting */
        public void setTransitionToStateAfterWaitDuration(@Nullable String transitionToStateAfterWaitDuration) {
            this.transitionToStateAfterWaitDuration = transitionToStateAfterWaitDuration;
        }

        /** @return the setting, or null when not set */
        public @Nullable Float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        /** @param failureRateThreshold the setting */
        public void setFailureRateThreshold(@Nullable Float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        /** @return the setting, or null when not set */
        public @Nullable Float getSlowCallRateThreshold() {
            return slowCallRateThreshold;
        }

        /** @param slowCallRateThreshold the setting */
        public void setSlowCallRateThreshold(@Nullable Float slowCallRateThreshold) {
            this.slowCallRateThreshold = slowCallRateThreshold;
        }

        /** @return the setting, or null when not set */
        public @Nullable SlidingWindowType getSlidingWindowType() {
            return slidingWindowType;
        }

        /** @param slidingWindowType the setting */
        public void setSlidingWindowType(@Nullable SlidingWindowType slidingWindowType) {
            this.slidingWindowType = slidingWindowType;
        }

        /** @return the setting, or null when not set */
        public @Nullable Integer getSlidingWindowSize() {
            return slidingWindowSize;
        }

        /** @param slidingWindowSize the setting */
        public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        /** @return the setting, or null when not set */
        public @Nullable Integer getMinimumNumberOfCalls() {
            return minimumNumberOfCalls;
        }

        /** @param minimumNumberOfCalls the setting */
        public void setMinimumNumberOfCalls(@Nullable Integer minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
        }

        /** @return the setting, or null when not set */
        public @Nullable Integer getPermittedNumberOfCallsInHalfOpenState() {
            return permittedNumberOfCallsInHalfOpenState;
        }

        /** @param permittedNumberOfCallsInHalfOpenState the setting */
        public void setPermittedNumberOfCallsInHalfOpenState(@Nullable Integer permittedNumberOfCallsInHalfOpenState) {
            this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
        }

        /** @return the setting, or null when not set */
        public @Nullable Boolean getAutomaticTransitionFromOpenToHalfOpenEnabled() {
            return automaticTransitionFromOpenToHalfOpenEnabled;
        }

        /** @param automaticTransitionFromOpenToHalfOpenEnabled the setting */
        public void setAutomaticTransitionFromOpenToHalfOpenEnabled(@Nullable Boolean automaticTransitionFromOpenToHalfOpenEnabled) {
            this.automaticTransitionFromOpenToHalfOpenEnabled = automaticTransitionFromOpenToHalfOpenEnabled;
        }

        /** @return the setting, or null when not set */
        public @Nullable String getInitialState() {
            return initialState;
        }

        /** @param initialState the setting */
        public void setInitialState(@Nullable String initialState) {
            this.initialState = initialState;
        }

        /** @return the setting, or null when not set */
        public @Nullable Boolean getWritableStackTraceEnabled() {
            return writableStackTraceEnabled;
        }

        /** @param writableStackTraceEnabled the setting */
        public void setWritableStackTraceEnabled(@Nullable Boolean writableStackTraceEnabled) {
            this.writableStackTraceEnabled = writableStackTraceEnabled;
        }

        /** @return the setting, or null when not set */
        public @Nullable Boolean getAllowHealthIndicatorToFail() {
            return allowHealthIndicatorToFail;
        }

        /** @param allowHealthIndicatorToFail the setting */
        public void setAllowHealthIndicatorToFail(@Nullable Boolean allowHealthIndicatorToFail) {
            this.allowHealthIndicatorToFail = allowHealthIndicatorToFail;
        }

        /** @return the setting, or null when not set */
        public @Nullable Integer getEventConsumerBufferSize() {
            return eventConsumerBufferSize;
        }

        /** @param eventConsumerBufferSize the setting */
        public void setEventConsumerBufferSize(@Nullable Integer eventConsumerBufferSize) {
            this.eventConsumerBufferSize = eventConsumerBufferSize;
        }

        /** @return the setting, or null when not set */
        public @Nullable Boolean getRegisterHealthIndicator() {
            return registerHealthIndicator;
        }

        /** @param registerHealthIndicator the setting */
        public void setRegisterHealthIndicator(@Nullable Boolean registerHealthIndicator) {
            this.registerHealthIndicator = registerHealthIndicator;
        }

        /** @return the setting, or null when not set */
        public @Nullable String getRecordFailurePredicate() {
            return recordFailurePredicate;
        }

        /** @param recordFailurePredicate the setting */
        public void setRecordFailurePredicate(@Nullable String recordFailurePredicate) {
            this.recordFailurePredicate = recordFailurePredicate;
        }

        /** @return the setting, or null when not set */
        public @Nullable List<String> getRecordExceptions() {
            return recordExceptions;
        }

        /** @param recordExceptions the setting */
        public void setRecordExceptions(@Nullable List<String> recordExceptions) {
            this.recordExceptions = recordExceptions;
        }

        /** @return the setting, or null when not set */
        public @Nullable String getRecordResultPredicate() {
            return recordResultPredicate;
        }

        /** @param recordResultPredicate the setting */
        public void setRecordResultPredicate(@Nullable String recordResultPredicate) {
            this.recordResultPredicate = recordResultPredicate;
        }

        /** @return the setting, or null when not set */
        public @Nullable String getIgnoreExceptionPredicate() {
            return ignoreExceptionPredicate;
        }

        /** @param ignoreExceptionPredicate the setting */
        public void setIgnoreExceptionPredicate(@Nullable String ignoreExceptionPredicate) {
            this.ignoreExceptionPredicate = ignoreExceptionPredicate;
        }

        /** @return the setting, or null when not set */
        public @Nullable List<String> getIgnoreExceptions() {
            return ignoreExceptions;
        }

        /** @param ignoreExceptions the setting */
        public void setIgnoreExceptions(@Nullable List<String> ignoreExceptions) {
            this.ignoreExceptions = ignoreExceptions;
        }

        /** @return the setting, or null when not set */
        public @Nullable String getBaseConfig() {
            return baseConfig;
        }

        /** @param baseConfig the setting */
        public void setBaseConfig(@Nullable String baseConfig) {
            this.baseConfig = baseConfig;
        }

        /** @return the setting, or null when not set */
        public @Nullable Boolean getEnableExponentialBackoff() {
            return enableExponentialBackoff;
        }

        /** @param enableExponentialBackoff the setting */
        public void setEnableExponentialBackoff(@Nullable Boolean enableExponentialBackoff) {
            this.enableExponentialBackoff = enableExponentialBackoff;
        }

        /** @return the setting, or null when not set */
        public @Nullable Double getExponentialBackoffMultiplier() {
            return exponentialBackoffMultiplier;
        }

        /** @param exponentialBackoffMultiplier the setting */
        public void setExponentialBackoffMultiplier(@Nullable Double exponentialBackoffMultiplier) {
            this.exponentialBackoffMultiplier = exponentialBackoffMultiplier;
        }

        /** @return the setting, or null when not set */
        public @Nullable Duration getExponentialMaxWaitDurationInOpenState() {
            return exponentialMaxWaitDurationInOpenState;
        }

        /** @param exponentialMaxWaitDurationInOpenState the setting */
        public void setExponentialMaxWaitDurationInOpenState(@Nullable Duration exponentialMaxWaitDurationInOpenState) {
            this.exponentialMaxWaitDurationInOpenState = exponentialMaxWaitDurationInOpenState;
        }

        /** @return the setting, or null when not set */
        public @Nullable Boolean getEnableRandomizedWait() {
            return enableRandomizedWait;
        }

        /** @param enableRandomizedWait the setting */
        public void setEnableRandomizedWait(@Nullable Boolean enableRandomizedWait) {
            this.enableRandomizedWait = enableRandomizedWait;
        }

        /** @return the setting, or null when not set */
        public @Nullable Double getRandomizedWaitFactor() {
            return randomizedWaitFactor;
        }

        /** @param randomizedWaitFactor the setting */
        public void setRandomizedWaitFactor(@Nullable Double randomizedWaitFactor) {
            this.randomizedWaitFactor = randomizedWaitFactor;
        }

        /** @return the setting, or null when not set */
        public @Nullable Boolean getIgnoreClassBindingExceptions() {
            return ignoreClassBindingExceptions;
        }

        /** @param ignoreClassBindingExceptions the setting */
        public void setIgnoreClassBindingExceptions(@Nullable Boolean ignoreClassBindingExceptions) {
            this.ignoreClassBindingExceptions = ignoreClassBindingExceptions;
        }
    }

    /** @return the shared configurations */
    public Map<String, Instance> getConfigs() {
        return configs;
    }

    /** @param configs the shared configurations */
    public void setConfigs(Map<String, Instance> configs) {
        this.configs = configs;
    }

    /** @return the breakers */
    public Map<String, Instance> getInstances() {
        return instances;
    }

    /** @param instances the breakers */
    public void setInstances(Map<String, Instance> instances) {
        this.instances = instances;
    }

    /** @return the breakers under the older name */
    public Map<String, Instance> getBackends() {
        return backends;
    }

    /** @param backends the breakers under the older name */
    public void setBackends(Map<String, Instance> backends) {
        this.backends = backends;
    }

    /** @return the aspect order, accepted with no effect */
    public @Nullable Integer getCircuitBreakerAspectOrder() {
        return circuitBreakerAspectOrder;
    }

    /** @param circuitBreakerAspectOrder the aspect order, accepted with no effect */
    public void setCircuitBreakerAspectOrder(@Nullable Integer circuitBreakerAspectOrder) {
        this.circuitBreakerAspectOrder = circuitBreakerAspectOrder;
    }
}
