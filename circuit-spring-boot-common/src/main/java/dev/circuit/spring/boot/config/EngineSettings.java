package dev.circuit.spring.boot.config;

import dev.circuit.core.ErrorCategory;
import dev.circuit.core.HalfOpenPolicy;
import dev.circuit.core.SlidingWindowType;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * The engine's settings of one breaker, each named as the {@code CircuitBreakerConfig.Builder} method
 * that takes it: {@link BreakerSettings} reads this type whole, so every property here is an engine
 * setting and nothing else is. A setting left out (null) is inherited from the layer below.
 */
public class EngineSettings {

    /** Consecutive failures that open the circuit; 0 switches the policy off. */
    private @Nullable Integer failureThreshold;

    /** Failure rate over the sliding window that opens the circuit, a fraction in (0, 1]; 0 switches it off. */
    private @Nullable Double failureRateThreshold;

    /** Slow-call rate over the sliding window that opens the circuit, a fraction in (0, 1]; 0 switches it off. */
    private @Nullable Double slowCallRateThreshold;

    /** A call that takes longer than this counts as slow. */
    private @Nullable Duration slowCallDuration;

    /** How the sliding window is measured: the last N calls or the last N seconds. */
    private @Nullable SlidingWindowType slidingWindowType;

    /** Size of the sliding window: calls for COUNT_BASED, seconds for TIME_BASED. */
    private @Nullable Integer slidingWindowSize;

    /** Fewest calls in the window before a rate can open the circuit (capped at a count window's size). */
    private @Nullable Integer minimumCalls;

    /** How long the circuit stays open before a probe call is let through. */
    private @Nullable Duration recoveryTimeout;

    /** Factor applied to the open duration after each failed recovery; 1 switches backoff off. */
    private @Nullable Double backoffMultiplier;

    /** Longest open duration the backoff may reach; required when backoff-multiplier is above 1. */
    private @Nullable Duration maxRecoveryTimeout;

    /** Random spread of each open duration, a fraction in [0, 1). */
    private @Nullable Double jitter;

    /** Whether an open circuit waits for an operator to reset it instead of recovering by itself. */
    private @Nullable Boolean manualRecovery;

    /** Probe calls that may be in flight at once in HALF_OPEN. */
    private @Nullable Integer halfOpenMaxCalls;

    /** Successful probes that close the circuit. */
    private @Nullable Integer successThreshold;

    /** How HALF_OPEN decides: probes (successful probes close, a failed one re-opens) or rate (Resilience4j's rule: half-open-max-calls calls in all, judged together by the rate thresholds). */
    private @Nullable HalfOpenPolicy halfOpenPolicy;

    /** Whether an error that is not recorded (not a record-exceptions type, or declined by the failure predicate) counts as a success, as in Resilience4j, rather than as ignored. */
    private @Nullable Boolean unrecordedErrorsSucceed;

    /** How long a probe may hold its slot before it counts as a failed probe. */
    private @Nullable Duration halfOpenProbeTimeout;

    /** Fully qualified names of the throwable types that count as failures (subtypes included). */
    private @Nullable List<String> recordExceptions;

    /** Fully qualified names of the throwable types that count as neither success nor failure. */
    private @Nullable List<String> ignoreExceptions;

    /** Categories whose failures count as neither success nor failure. */
    private @Nullable List<ErrorCategory> ignoreCategories;

    /** Name of a Predicate<Throwable> bean that a recorded throwable must also pass to count as a failure. */
    private @Nullable String failurePredicate;

    /** Name of a Predicate<Object> bean that marks a returned value as a failure. */
    private @Nullable String resultPredicate;

    /** Name of an ErrorClassifier bean that assigns failure categories. */
    private @Nullable String classifier;

    /** Most calls that may be in flight at once; a call beyond it is rejected at once with CircuitSaturatedException. 0: no cap. */
    private @Nullable Integer maxConcurrentCalls;

    /** Whether a call rejected by max-concurrent-calls counts as a failure (category RESOURCE) while the circuit is closed, so that a dependency that hangs opens it. */
    private @Nullable Boolean saturatedCallsFail;

    /** How many transitions and failures the breaker's history keeps. */
    private @Nullable Integer historySize;

    /** Adaptive throttling's K: 0 switches it off, else a number from 1 to 10 (2 is the usual value). */
    private @Nullable Double adaptiveThrottling;

    /** The window over which adaptive throttling counts requests and accepts. */
    private @Nullable Duration adaptiveThrottlingWindow;

    /** Name of a RecoveryProbe bean that validates recovery instead of a user's call. */
    private @Nullable String recoveryProbe;

    /** @return consecutive failures that open the circuit, or null to inherit */
    public @Nullable Integer getFailureThreshold() {
        return failureThreshold;
    }

    /** @param failureThreshold consecutive failures that open the circuit */
    public void setFailureThreshold(@Nullable Integer failureThreshold) {
        this.failureThreshold = failureThreshold;
    }

    /** @return the failure-rate threshold, or null to inherit */
    public @Nullable Double getFailureRateThreshold() {
        return failureRateThreshold;
    }

    /** @param failureRateThreshold the failure-rate threshold */
    public void setFailureRateThreshold(@Nullable Double failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    /** @return the slow-call-rate threshold, or null to inherit */
    public @Nullable Double getSlowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    /** @param slowCallRateThreshold the slow-call-rate threshold */
    public void setSlowCallRateThreshold(@Nullable Double slowCallRateThreshold) {
        this.slowCallRateThreshold = slowCallRateThreshold;
    }

    /** @return the slow-call duration, or null to inherit */
    public @Nullable Duration getSlowCallDuration() {
        return slowCallDuration;
    }

    /** @param slowCallDuration the slow-call duration */
    public void setSlowCallDuration(@Nullable Duration slowCallDuration) {
        this.slowCallDuration = slowCallDuration;
    }

    /** @return the window type, or null to inherit */
    public @Nullable SlidingWindowType getSlidingWindowType() {
        return slidingWindowType;
    }

    /** @param slidingWindowType the window type */
    public void setSlidingWindowType(@Nullable SlidingWindowType slidingWindowType) {
        this.slidingWindowType = slidingWindowType;
    }

    /** @return the window size, or null to inherit */
    public @Nullable Integer getSlidingWindowSize() {
        return slidingWindowSize;
    }

    /** @param slidingWindowSize the window size */
    public void setSlidingWindowSize(@Nullable Integer slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    /** @return the minimum number of calls, or null to inherit */
    public @Nullable Integer getMinimumCalls() {
        return minimumCalls;
    }

    /** @param minimumCalls the minimum number of calls */
    public void setMinimumCalls(@Nullable Integer minimumCalls) {
        this.minimumCalls = minimumCalls;
    }

    /** @return the recovery timeout, or null to inherit */
    public @Nullable Duration getRecoveryTimeout() {
        return recoveryTimeout;
    }

    /** @param recoveryTimeout the recovery timeout */
    public void setRecoveryTimeout(@Nullable Duration recoveryTimeout) {
        this.recoveryTimeout = recoveryTimeout;
    }

    /** @return the backoff multiplier, or null to inherit */
    public @Nullable Double getBackoffMultiplier() {
        return backoffMultiplier;
    }

    /** @param backoffMultiplier the backoff multiplier */
    public void setBackoffMultiplier(@Nullable Double backoffMultiplier) {
        this.backoffMultiplier = backoffMultiplier;
    }

    /** @return the longest open duration, or null to inherit */
    public @Nullable Duration getMaxRecoveryTimeout() {
        return maxRecoveryTimeout;
    }

    /** @param maxRecoveryTimeout the longest open duration */
    public void setMaxRecoveryTimeout(@Nullable Duration maxRecoveryTimeout) {
        this.maxRecoveryTimeout = maxRecoveryTimeout;
    }

    /** @return the jitter, or null to inherit */
    public @Nullable Double getJitter() {
        return jitter;
    }

    /** @param jitter the jitter */
    public void setJitter(@Nullable Double jitter) {
        this.jitter = jitter;
    }

    /** @return whether recovery is manual, or null to inherit */
    public @Nullable Boolean getManualRecovery() {
        return manualRecovery;
    }

    /** @param manualRecovery whether recovery is manual */
    public void setManualRecovery(@Nullable Boolean manualRecovery) {
        this.manualRecovery = manualRecovery;
    }

    /** @return the probes in flight at once, or null to inherit */
    public @Nullable Integer getHalfOpenMaxCalls() {
        return halfOpenMaxCalls;
    }

    /** @param halfOpenMaxCalls the probes in flight at once */
    public void setHalfOpenMaxCalls(@Nullable Integer halfOpenMaxCalls) {
        this.halfOpenMaxCalls = halfOpenMaxCalls;
    }

    /** @return the successful probes that close the circuit, or null to inherit */
    public @Nullable Integer getSuccessThreshold() {
        return successThreshold;
    }

    /** @param successThreshold the successful probes that close the circuit */
    public void setSuccessThreshold(@Nullable Integer successThreshold) {
        this.successThreshold = successThreshold;
    }

    /** @return the half-open policy, or null to inherit */
    public @Nullable HalfOpenPolicy getHalfOpenPolicy() {
        return halfOpenPolicy;
    }

    /** @param halfOpenPolicy the half-open policy */
    public void setHalfOpenPolicy(@Nullable HalfOpenPolicy halfOpenPolicy) {
        this.halfOpenPolicy = halfOpenPolicy;
    }

    /** @return whether unrecorded errors count as successes, or null to inherit */
    public @Nullable Boolean getUnrecordedErrorsSucceed() {
        return unrecordedErrorsSucceed;
    }

    /** @param unrecordedErrorsSucceed whether unrecorded errors count as successes */
    public void setUnrecordedErrorsSucceed(@Nullable Boolean unrecordedErrorsSucceed) {
        this.unrecordedErrorsSucceed = unrecordedErrorsSucceed;
    }

    /** @return the probe timeout, or null to inherit */
    public @Nullable Duration getHalfOpenProbeTimeout() {
        return halfOpenProbeTimeout;
    }

    /** @param halfOpenProbeTimeout the probe timeout */
    public void setHalfOpenProbeTimeout(@Nullable Duration halfOpenProbeTimeout) {
        this.halfOpenProbeTimeout = halfOpenProbeTimeout;
    }

    /** @return the recorded exception class names, or null to inherit */
    public @Nullable List<String> getRecordExceptions() {
        return recordExceptions;
    }

    /** @param recordExceptions the recorded exception class names */
    public void setRecordExceptions(@Nullable List<String> recordExceptions) {
        this.recordExceptions = recordExceptions;
    }

    /** @return the ignored exception class names, or null to inherit */
    public @Nullable List<String> getIgnoreExceptions() {
        return ignoreExceptions;
    }

    /** @param ignoreExceptions the ignored exception class names */
    public void setIgnoreExceptions(@Nullable List<String> ignoreExceptions) {
        this.ignoreExceptions = ignoreExceptions;
    }

    /** @return the ignored categories, or null to inherit */
    public @Nullable List<ErrorCategory> getIgnoreCategories() {
        return ignoreCategories;
    }

    /** @param ignoreCategories the ignored categories */
    public void setIgnoreCategories(@Nullable List<ErrorCategory> ignoreCategories) {
        this.ignoreCategories = ignoreCategories;
    }

    /** @return the failure predicate bean name, or null to inherit */
    public @Nullable String getFailurePredicate() {
        return failurePredicate;
    }

    /** @param failurePredicate the failure predicate bean name */
    public void setFailurePredicate(@Nullable String failurePredicate) {
        this.failurePredicate = failurePredicate;
    }

    /** @return the result predicate bean name, or null to inherit */
    public @Nullable String getResultPredicate() {
        return resultPredicate;
    }

    /** @param resultPredicate the result predicate bean name */
    public void setResultPredicate(@Nullable String resultPredicate) {
        this.resultPredicate = resultPredicate;
    }

    /** @return the classifier bean name, or null to inherit */
    public @Nullable String getClassifier() {
        return classifier;
    }

    /** @param classifier the classifier bean name */
    public void setClassifier(@Nullable String classifier) {
        this.classifier = classifier;
    }

    /** @return the history size, or null to inherit */
    public @Nullable Integer getHistorySize() {
        return historySize;
    }

    /** @param historySize the history size */
    public void setHistorySize(@Nullable Integer historySize) {
        this.historySize = historySize;
    }

    /** @return adaptive throttling's K, or null to inherit */
    public @Nullable Double getAdaptiveThrottling() {
        return adaptiveThrottling;
    }

    /** @param adaptiveThrottling adaptive throttling's K */
    public void setAdaptiveThrottling(@Nullable Double adaptiveThrottling) {
        this.adaptiveThrottling = adaptiveThrottling;
    }

    /** @return the adaptive throttling window, or null to inherit */
    public @Nullable Duration getAdaptiveThrottlingWindow() {
        return adaptiveThrottlingWindow;
    }

    /** @param adaptiveThrottlingWindow the adaptive throttling window */
    public void setAdaptiveThrottlingWindow(@Nullable Duration adaptiveThrottlingWindow) {
        this.adaptiveThrottlingWindow = adaptiveThrottlingWindow;
    }

    /** @return the recovery probe bean name, or null to inherit */
    public @Nullable String getRecoveryProbe() {
        return recoveryProbe;
    }

    /** @param recoveryProbe the recovery probe bean name */
    public void setRecoveryProbe(@Nullable String recoveryProbe) {
        this.recoveryProbe = recoveryProbe;
    }

    /** @return the cap on calls in flight, or null to inherit */
    public @Nullable Integer getMaxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** @param maxConcurrentCalls the cap on calls in flight; 0 for none */
    public void setMaxConcurrentCalls(@Nullable Integer maxConcurrentCalls) {
        this.maxConcurrentCalls = maxConcurrentCalls;
    }

    /** @return whether a saturated rejection counts as a failure, or null to inherit */
    public @Nullable Boolean getSaturatedCallsFail() {
        return saturatedCallsFail;
    }

    /** @param saturatedCallsFail whether a saturated rejection counts as a failure */
    public void setSaturatedCallsFail(@Nullable Boolean saturatedCallsFail) {
        this.saturatedCallsFail = saturatedCallsFail;
    }
}
