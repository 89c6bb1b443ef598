package dev.circuit.core;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The immutable settings of a {@link CircuitBreaker}. Start from {@link #defaults()} or
 * {@link #builder()}, derive variations with {@link #toBuilder()}. Every builder method validates its
 * value and throws {@link InvalidConfigurationException} naming the setting, the value and what is
 * allowed.
 *
 * <p>Defaults: {@code failureThreshold} 5, failure-rate and slow-call-rate policies off,
 * {@code slowCallDuration} 60 s, a {@code COUNT_BASED} window of 100 calls, {@code minimumCalls} 100,
 * {@code recoveryTimeout} 60 s, no backoff, no jitter, automatic recovery, {@code halfOpenMaxCalls} 1,
 * {@code successThreshold} 1, half-open policy {@code PROBES}, every {@link Exception} recorded, categories {@code AUTHENTICATION} and
 * {@code QUERY} ignored, {@code halfOpenProbeTimeout} 60 s, {@code historySize} 100, adaptive
 * throttling off (window 60 s), no recovery probe, no cap on calls in flight, the system clocks.
 *
 * <p>A setting is written in three places: its field here (with its default), its accessor, and the builder
 * method that validates it and writes it into the builder's copy of the configuration; {@link Builder#build()}
 * hands out a copy of that. The settings that exist only for Resilience4j's semantics come last, in their own
 * section.
 */
public final class CircuitBreakerConfig implements Cloneable {

    /** Largest count-based window, in calls. */
    public static final int MAX_COUNT_WINDOW = 1_000_000;
    /** Largest time-based window, in seconds. */
    public static final int MAX_TIME_WINDOW_SECONDS = 3_600;
    /** Largest number of concurrent probes in HALF_OPEN. */
    public static final int MAX_HALF_OPEN_CALLS = 1_000;
    /** Largest event history. */
    public static final int MAX_HISTORY_SIZE = 100_000;
    /** Largest cap on calls in flight. */
    public static final int MAX_CONCURRENT_CALLS = 1_000_000;

    /** The default failure predicate: every recorded error is a failure. */
    static final Predicate<Throwable> RECORD_ALL = error -> true;

    private static final CircuitBreakerConfig DEFAULTS = new Builder().build();

    // The fields are not final: a builder writes into its own copy, and build() hands out a copy that nothing
    // writes to. A configuration reaches other threads through the breaker's final or volatile fields, which
    // publish it safely.

    // When the circuit opens
    private int failureThreshold = 5;
    private double failureRateThreshold;
    private double slowCallRateThreshold;
    private Duration slowCallDuration = Duration.ofSeconds(60);
    private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;
    private int slidingWindowSize = 100;
    private int minimumCalls = 100;

    // How it recovers
    private Duration recoveryTimeout = Duration.ofSeconds(60);
    private double backoffMultiplier = 1.0;
    private Duration maxRecoveryTimeout; // null: not set, the recovery timeout applies
    private double jitter;
    private boolean manualRecovery;
    private int halfOpenMaxCalls = 1;
    private int successThreshold = 1;
    private Duration halfOpenProbeTimeout = Duration.ofSeconds(60);
    private RecoveryProbe recoveryProbe;

    // What counts as a failure
    private List<Class<? extends Throwable>> recordExceptions = List.of(Exception.class);
    private List<Class<? extends Throwable>> ignoreExceptions = List.of();
    private Predicate<Throwable> failurePredicate = RECORD_ALL;
    private Predicate<Object> resultPredicate;
    private ErrorClassifier classifier = ErrorClassifier.defaults();
    private Set<ErrorCategory> ignoreCategories =
        Collections.unmodifiableSet(EnumSet.of(ErrorCategory.AUTHENTICATION, ErrorCategory.QUERY));

    // Calls in flight
    private int maxConcurrentCalls;
    private boolean saturatedCallsFail = true;

    // Throttling and history
    private double adaptiveThrottling;
    private Duration adaptiveThrottlingWindow = Duration.ofSeconds(60);
    private int historySize = 100;

    // Clocks
    private LongSupplier ticker = System::nanoTime;
    private InstantSource instantSource = InstantSource.system();

    // Resilience4j compatibility
    private OpenDuration openDuration;
    private boolean automaticHalfOpen;
    private Duration maxHalfOpenDuration;
    private CircuitState stateAfterMaxHalfOpen = CircuitState.OPEN;
    private HalfOpenPolicy halfOpenPolicy = HalfOpenPolicy.PROBES;
    private boolean unrecordedErrorsSucceed;
    private Predicate<Throwable> ignorePredicate;

    // Derived by build()
    private FailurePolicy failurePolicy;

    private CircuitBreakerConfig() {
    }

    /**
     * The default configuration.
     *
     * @return the shared default configuration
     */
    public static CircuitBreakerConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's settings, to derive a variation.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(copy());
    }

    /** @return what a thrown error counts as, decided by the error-classifying settings in a fixed order */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    // ---- When the circuit opens ----

    /** @return consecutive failures that open the circuit; 0 when that policy is off */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** @return the failure rate (a fraction) that opens the circuit; 0 when that policy is off */
    public double failureRateThreshold() {
        return failureRateThreshold;
    }

    /** @return the slow-call rate (a fraction) that opens the circuit; 0 when that policy is off */
    public double slowCallRateThreshold() {
        return slowCallRateThreshold;
    }

    /** @return the duration from which a call counts as slow */
    public Duration slowCallDuration() {
        return slowCallDuration;
    }

    /** @return how the sliding window is measured */
    public SlidingWindowType slidingWindowType() {
        return slidingWindowType;
    }

    /** @return the window size: calls for {@code COUNT_BASED}, seconds for {@code TIME_BASED} */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /**
     * The fewest calls the window must hold before a rate can open the circuit. A count-based
     * window never needs more calls than it holds: the smaller of this and the window size applies.
     *
     * @return the minimum number of calls
     */
    public int minimumCalls() {
        return minimumCalls;
    }

    // ---- How it recovers ----

    /** @return how long the circuit stays OPEN after it first opens */
    public Duration recoveryTimeout() {
        return recoveryTimeout;
    }

    /** @return the factor applied to the open duration after each failed recovery; 1 means no backoff */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /** @return the longest open duration the backoff may reach; the recovery timeout when none is set */
    public Duration maxRecoveryTimeout() {
        return maxRecoveryTimeout == null ? recoveryTimeout : maxRecoveryTimeout;
    }

    /** @return the random spread of each open duration, as a fraction (0.1 means plus or minus 10 %) */
    public double jitter() {
        return jitter;
    }

    /** @return whether an OPEN circuit waits for an operator instead of recovering by itself */
    public boolean manualRecovery() {
        return manualRecovery;
    }

    /** @return how many probe calls may be in flight at once in HALF_OPEN */
    public int halfOpenMaxCalls() {
        return halfOpenMaxCalls;
    }

    /** @return successful probes that close the circuit */
    public int successThreshold() {
        return successThreshold;
    }

    /** @return how long a probe may hold its slot before it counts as a failed probe */
    public Duration halfOpenProbeTimeout() {
        return halfOpenProbeTimeout;
    }

    /** @return the check that validates recovery, or null when user calls are the probes */
    public RecoveryProbe recoveryProbe() {
        return recoveryProbe;
    }

    // ---- What counts as a failure (see FailurePolicy for the order in which they apply) ----

    /** @return the throwable types that count as failures */
    public List<Class<? extends Throwable>> recordExceptions() {
        return recordExceptions;
    }

    /** @return the throwable types that count as neither success nor failure */
    public List<Class<? extends Throwable>> ignoreExceptions() {
        return ignoreExceptions;
    }

    /** @return the predicate a recorded throwable must also pass to count as a failure */
    public Predicate<Throwable> failurePredicate() {
        return failurePredicate;
    }

    /** @return the predicate that marks a returned value as a failure, or null when results are not checked */
    public Predicate<Object> resultPredicate() {
        return resultPredicate;
    }

    /** @return the classifier that assigns each failure its category */
    public ErrorClassifier classifier() {
        return classifier;
    }

    /** @return the categories whose failures are ignored */
    public Set<ErrorCategory> ignoreCategories() {
        return ignoreCategories;
    }

    // ---- Calls in flight ----

    /** @return the most calls that may be in flight at once; 0 when there is no cap */
    public int maxConcurrentCalls() {
        return maxConcurrentCalls;
    }

    /** @return whether a call rejected because {@link #maxConcurrentCalls()} are in flight counts as a failure */
    public boolean saturatedCallsFail() {
        return saturatedCallsFail;
    }

    // ---- Throttling and history ----

    /** @return the K of adaptive throttling; 0 when it is off */
    public double adaptiveThrottling() {
        return adaptiveThrottling;
    }

    /** @return the window over which adaptive throttling counts requests and accepts */
    public Duration adaptiveThrottlingWindow() {
        return adaptiveThrottlingWindow;
    }

    /** @return how many events the history keeps */
    public int historySize() {
        return historySize;
    }

    // ---- Clocks ----

    /** @return the nanosecond ticker that measures durations */
    public LongSupplier ticker() {
        return ticker;
    }

    /** @return the source of timestamps for events and snapshots */
    public InstantSource instantSource() {
        return instantSource;
    }

    // ---- Resilience4j compatibility: settings that exist only to reproduce Resilience4j's semantics (circuit's own
    // settings above cover the same ground) ----

    /** @return how long each opening lasts, replacing the recovery timeout, backoff and jitter; null when those apply */
    public OpenDuration openDuration() {
        return openDuration;
    }

    /**
     * @return whether an OPEN circuit moves to HALF_OPEN when its open duration ends, without waiting for a
     *     call: at the first look at the breaker after that time ({@link CircuitBreaker#state()}, a snapshot, a call)
     */
    public boolean automaticHalfOpen() {
        return automaticHalfOpen;
    }

    /** @return how long the circuit may stay HALF_OPEN before {@link #stateAfterMaxHalfOpen()}; null: no limit */
    public Duration maxHalfOpenDuration() {
        return maxHalfOpenDuration;
    }

    /** @return the state a circuit moves to when it was HALF_OPEN for {@link #maxHalfOpenDuration()}: OPEN or CLOSED */
    public CircuitState stateAfterMaxHalfOpen() {
        return stateAfterMaxHalfOpen;
    }

    /** @return how HALF_OPEN decides to close or re-open */
    public HalfOpenPolicy halfOpenPolicy() {
        return halfOpenPolicy;
    }

    /**
     * @return whether an error that is not recorded (not a {@link #recordExceptions()} type, or declined by
     *     the failure predicate) counts as a success rather than as ignored
     */
    public boolean unrecordedErrorsSucceed() {
        return unrecordedErrorsSucceed;
    }

    /** @return a predicate whose throwables count as neither success nor failure, or null */
    public Predicate<Throwable> ignorePredicate() {
        return ignorePredicate;
    }

    /**
     * Whether the failure-rate or slow-call-rate policy is on, so that a sliding window is kept.
     *
     * @return true when a rate policy is configured
     */
    public boolean usesSlidingWindow() {
        return failureRateThreshold > 0 || slowCallRateThreshold > 0;
    }

    /**
     * Whether calls in flight are tracked by when they started: the slow-call-rate policy counts a call that
     * runs past {@link #slowCallDuration()} as slow from that moment, before it ends.
     *
     * @return true when the slow-call-rate policy is on
     */
    public boolean tracksCallAges() {
        return slowCallRateThreshold > 0;
    }

    /**
     * The minimum number of calls that applies to the configured window.
     *
     * @return {@link #minimumCalls()}, capped at the size of a count-based window
     */
    public int effectiveMinimumCalls() {
        return slidingWindowType == SlidingWindowType.COUNT_BASED
            ? Math.min(minimumCalls, slidingWindowSize) : minimumCalls;
    }

    /** @return every setting by name, in declaration order */
    @Override
    public String toString() {
        StringJoiner settings = new StringJoiner(", ", "CircuitBreakerConfig{", "}");
        for (Field field : CircuitBreakerConfig.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && field.getType() != FailurePolicy.class) {
                try {
                    settings.add(field.getName() + "=" + describe(field.get(this)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return settings.toString();
    }

    private static Object describe(Object value) {
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(CircuitBreakerConfig::describe).toList();
        }
        return value;
    }

    private CircuitBreakerConfig copy() {
        try {
            return (CircuitBreakerConfig) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds a {@link CircuitBreakerConfig}; every setter validates its value at once. */
    public static final class Builder {

        private final CircuitBreakerConfig config;

        private Builder() {
            this(new CircuitBreakerConfig());
        }

        private Builder(CircuitBreakerConfig config) {
            this.config = config;
        }

        // ---- When the circuit opens ----

        /**
         * Consecutive failures that open the circuit.
         *
         * @param threshold an integer &gt;= 0; 0 switches the consecutive-failure policy off
         * @return this builder
         */
        public Builder failureThreshold(int threshold) {
            check(threshold >= 0, "failureThreshold", threshold, "an integer >= 0; 0 switches the policy off");
            config.failureThreshold = threshold;
            return this;
        }

        /**
         * The failure rate over the sliding window that opens the circuit.
         *
         * @param threshold a fraction in (0, 1], or 0 to switch the policy off
         * @return this builder
         */
        public Builder failureRateThreshold(double threshold) {
            checkFraction("failureRateThreshold", threshold);
            config.failureRateThreshold = threshold;
            return this;
        }

        /**
         * The slow-call rate over the sliding window that opens the circuit.
         *
         * @param threshold a fraction in (0, 1], or 0 to switch the policy off
         * @return this builder
         */
        public Builder slowCallRateThreshold(double threshold) {
            checkFraction("slowCallRateThreshold", threshold);
            config.slowCallRateThreshold = threshold;
            return this;
        }

        /**
         * A call that takes longer than this counts as slow (as in Resilience4j, a call of exactly this
         * duration is not slow).
         *
         * @param duration a positive duration
         * @return this builder
         */
        public Builder slowCallDuration(Duration duration) {
            checkPositive("slowCallDuration", duration);
            config.slowCallDuration = duration;
            return this;
        }

        /**
         * The sliding window behind the rate policies.
         *
         * @param type {@code COUNT_BASED} (size in calls, up to {@value #MAX_COUNT_WINDOW}) or
         *             {@code TIME_BASED} (size in seconds, up to {@value #MAX_TIME_WINDOW_SECONDS})
         * @param size the window size, at least 1
         * @return this builder
         */
        public Builder slidingWindow(SlidingWindowType type, int size) {
            return slidingWindowType(type).slidingWindowSize(size);
        }

        /**
         * How the sliding window is measured.
         *
         * @param type {@code COUNT_BASED} (the last N calls) or {@code TIME_BASED} (the last N seconds)
         * @return this builder
         */
        public Builder slidingWindowType(SlidingWindowType type) {
            check(type != null, "slidingWindowType", type, "COUNT_BASED or TIME_BASED");
            config.slidingWindowType = type;
            return this;
        }

        /**
         * The size of the sliding window: calls for {@code COUNT_BASED}, seconds for {@code TIME_BASED}.
         *
         * @param size an integer from 1 to {@value #MAX_COUNT_WINDOW} calls, or to
         *             {@value #MAX_TIME_WINDOW_SECONDS} seconds (checked by {@link #build()})
         * @return this builder
         */
        public Builder slidingWindowSize(int size) {
            check(size >= 1 && size <= MAX_COUNT_WINDOW, "slidingWindowSize", size,
                "an integer from 1 to " + MAX_COUNT_WINDOW + " (calls), or to " + MAX_TIME_WINDOW_SECONDS
                    + " for a TIME_BASED window (seconds)");
            config.slidingWindowSize = size;
            return this;
        }

        /**
         * The fewest calls in the window before a rate can open the circuit.
         *
         * @param calls an integer &gt;= 1
         * @return this builder
         */
        public Builder minimumCalls(int calls) {
            check(calls >= 1, "minimumCalls", calls, "an integer >= 1");
            config.minimumCalls = calls;
            return this;
        }

        // ---- How it recovers ----

        /**
         * How long the circuit stays OPEN before probing (before any backoff).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder recoveryTimeout(Duration timeout) {
            checkPositive("recoveryTimeout", timeout);
            config.recoveryTimeout = timeout;
            return this;
        }

        /**
         * Exponential backoff: each failed recovery multiplies the open duration, up to a maximum. A
         * successful recovery starts again from {@link #recoveryTimeout(Duration)}.
         *
         * @param multiplier         a factor from 1 to 100; 1 switches backoff off
         * @param maxRecoveryTimeout the longest open duration, at least the recovery timeout
         * @return this builder
         */
        public Builder backoff(double multiplier, Duration maxRecoveryTimeout) {
            return backoffMultiplier(multiplier).maxRecoveryTimeout(maxRecoveryTimeout);
        }

        /**
         * The factor applied to the open duration after each failed recovery. Backoff needs a cap:
         * with a factor above 1, {@link #maxRecoveryTimeout(Duration)} must be set too.
         *
         * @param multiplier a factor from 1 to 100; 1 switches backoff off
         * @return this builder
         */
        public Builder backoffMultiplier(double multiplier) {
            check(multiplier >= 1.0 && multiplier <= 100.0, "backoffMultiplier", multiplier,
                "a number from 1 to 100; 1 switches backoff off");
            config.backoffMultiplier = multiplier;
            return this;
        }

        /**
         * The longest open duration the backoff may reach.
         *
         * @param maxRecoveryTimeout a duration at least the recovery timeout (checked by {@link #build()})
         * @return this builder
         */
        public Builder maxRecoveryTimeout(Duration maxRecoveryTimeout) {
            checkPositive("maxRecoveryTimeout", maxRecoveryTimeout);
            config.maxRecoveryTimeout = maxRecoveryTimeout;
            return this;
        }

        /**
         * Random spread of each open duration, so that many instances do not probe at once.
         *
         * @param fraction a fraction in [0, 1); 0.1 spreads each duration by plus or minus 10 %
         * @return this builder
         */
        public Builder jitter(double fraction) {
            check(fraction >= 0.0 && fraction < 1.0, "jitter", fraction, "a fraction in [0, 1)");
            config.jitter = fraction;
            return this;
        }

        /**
         * Whether an OPEN circuit stays open until an operator resets it.
         *
         * @param manual true for manual recovery
         * @return this builder
         */
        public Builder manualRecovery(boolean manual) {
            config.manualRecovery = manual;
            return this;
        }

        /**
         * How many probe calls may be in flight at once in HALF_OPEN.
         *
         * @param calls an integer from 1 to {@value #MAX_HALF_OPEN_CALLS}
         * @return this builder
         */
        public Builder halfOpenMaxCalls(int calls) {
            check(calls >= 1 && calls <= MAX_HALF_OPEN_CALLS, "halfOpenMaxCalls", calls,
                "an integer from 1 to " + MAX_HALF_OPEN_CALLS);
            config.halfOpenMaxCalls = calls;
            return this;
        }

        /**
         * Successful probes that close the circuit.
         *
         * @param successes an integer &gt;= 1
         * @return this builder
         */
        public Builder successThreshold(int successes) {
            check(successes >= 1, "successThreshold", successes, "an integer >= 1");
            config.successThreshold = successes;
            return this;
        }

        /**
         * How long a probe may hold its HALF_OPEN slot before it counts as a failed probe.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder halfOpenProbeTimeout(Duration timeout) {
            checkPositive("halfOpenProbeTimeout", timeout);
            config.halfOpenProbeTimeout = timeout;
            return this;
        }

        /**
         * A check that validates recovery instead of a user's call: {@link CircuitBreaker#probeNow()} runs
         * it as the HALF_OPEN probe, and user calls are rejected in HALF_OPEN.
         *
         * @param probe the check, or null for user calls as probes
         * @return this builder
         */
        public Builder recoveryProbe(RecoveryProbe probe) {
            config.recoveryProbe = probe;
            return this;
        }

        // ---- What counts as a failure (see FailurePolicy for the order in which they apply) ----

        /**
         * The throwable types that count as failures (subtypes included); anything else that is
         * thrown counts as neither success nor failure.
         *
         * @param types one or more throwable types
         * @return this builder
         */
        @SafeVarargs
        @SuppressWarnings("varargs") // the array is only read
        public final Builder recordExceptions(Class<? extends Throwable>... types) {
            config.recordExceptions = checkTypes("recordExceptions", types, false);
            return this;
        }

        /**
         * The throwable types that count as neither success nor failure; they win over
         * {@link #recordExceptions(Class[])}.
         *
         * @param types throwable types, possibly none
         * @return this builder
         */
        @SafeVarargs
        @SuppressWarnings("varargs") // the array is only read
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            config.ignoreExceptions = checkTypes("ignoreExceptions", types, true);
            return this;
        }

        /**
         * A predicate that a recorded throwable must also pass to count as a failure.
         *
         * @param predicate a non-null predicate
         * @return this builder
         */
        public Builder failurePredicate(Predicate<Throwable> predicate) {
            check(predicate != null, "failurePredicate", null, "a non-null predicate");
            config.failurePredicate = predicate;
            return this;
        }

        /**
         * A predicate that marks a returned value as a failure.
         *
         * @param predicate a predicate, or null to stop checking results
         * @return this builder
         */
        public Builder resultPredicate(Predicate<Object> predicate) {
            config.resultPredicate = predicate;
            return this;
        }

        /**
         * The classifier that assigns each failure its {@link ErrorCategory}.
         *
         * @param errorClassifier a non-null classifier
         * @return this builder
         */
        public Builder classifier(ErrorClassifier errorClassifier) {
            check(errorClassifier != null, "classifier", null, "a non-null ErrorClassifier");
            config.classifier = errorClassifier;
            return this;
        }

        /**
         * Categories whose failures count as neither success nor failure.
         *
         * @param categories categories, possibly none
         * @return this builder
         */
        public Builder ignoreCategories(ErrorCategory... categories) {
            check(categories != null && Arrays.stream(categories).allMatch(Objects::nonNull),
                "ignoreCategories", Arrays.toString(categories), "ErrorCategory values, none null");
            config.ignoreCategories = Collections.unmodifiableSet(categories.length == 0
                ? EnumSet.noneOf(ErrorCategory.class) : EnumSet.copyOf(Arrays.asList(categories)));
            return this;
        }

        // ---- Calls in flight ----

        /**
         * A cap on the calls in flight: a call beyond it is rejected at once, without running, with a
         * {@link CircuitSaturatedException}. A dependency that hangs fills the cap; with
         * {@link #saturatedCallsFail(boolean)} (the default) the rejections then count as failures of category
         * {@link ErrorCategory#RESOURCE}, so that even the consecutive-failure policy opens the circuit.
         *
         * @param calls an integer from 1 to {@value #MAX_CONCURRENT_CALLS}, or 0 for no cap (the default)
         * @return this builder
         */
        public Builder maxConcurrentCalls(int calls) {
            check(calls >= 0 && calls <= MAX_CONCURRENT_CALLS, "maxConcurrentCalls", calls,
                "an integer from 1 to " + MAX_CONCURRENT_CALLS + ", or 0 for no cap");
            config.maxConcurrentCalls = calls;
            return this;
        }

        /**
         * Whether a call rejected by {@link #maxConcurrentCalls(int)} counts as a failure (category
         * {@link ErrorCategory#RESOURCE}) while the circuit is CLOSED. It does by default: calls pile up when the
         * dependency stops answering, and counting the rejections is what lets the circuit open then.
         *
         * @param fail false to count them only as rejections
         * @return this builder
         */
        public Builder saturatedCallsFail(boolean fail) {
            config.saturatedCallsFail = fail;
            return this;
        }

        // ---- Throttling and history ----

        /**
         * Adaptive throttling (Google SRE book): while CLOSED, each new call is rejected with probability
         * {@code max(0, (requests - K * accepts) / (requests + 1))} over the throttling window, so that a
         * dependency that can accept only C calls a second receives about K x C. Nothing is throttled
         * before the window holds {@link #minimumCalls(int)} requests. The trip policies still open the
         * circuit when their thresholds are reached.
         *
         * @param k 0 to switch it off, or a number from 1 to 10; 2 is the usual value, 1.5 more aggressive
         * @return this builder
         */
        public Builder adaptiveThrottling(double k) {
            check(k == 0.0 || (k >= 1.0 && k <= 10.0), "adaptiveThrottling", k,
                "0 to switch it off, or a number from 1 to 10 (2 is the usual value)");
            config.adaptiveThrottling = k;
            return this;
        }

        /**
         * The window over which adaptive throttling counts requests and accepts.
         *
         * @param window a duration from 1 s to 1 h (counted in whole seconds, rounded up)
         * @return this builder
         */
        public Builder adaptiveThrottlingWindow(Duration window) {
            check(window != null && window.compareTo(Duration.ofSeconds(1)) >= 0
                && window.compareTo(Duration.ofSeconds(MAX_TIME_WINDOW_SECONDS)) <= 0,
                "adaptiveThrottlingWindow", window, "a duration from 1s to 1h");
            config.adaptiveThrottlingWindow = window;
            return this;
        }

        /**
         * How many events {@link CircuitBreaker#history()} keeps.
         *
         * @param size an integer from 0 (no history) to {@value #MAX_HISTORY_SIZE}
         * @return this builder
         */
        public Builder historySize(int size) {
            check(size >= 0 && size <= MAX_HISTORY_SIZE, "historySize", size,
                "an integer from 0 to " + MAX_HISTORY_SIZE);
            config.historySize = size;
            return this;
        }

        // ---- Clocks ----

        /**
         * The nanosecond ticker that measures durations; tests pass a fake one.
         *
         * @param nanoTime a monotonic nanosecond source such as {@code System::nanoTime}
         * @return this builder
         */
        public Builder ticker(LongSupplier nanoTime) {
            check(nanoTime != null, "ticker", null, "a non-null nanosecond source");
            config.ticker = nanoTime;
            return this;
        }

        /**
         * The source of timestamps for events and snapshots; tests pass a fake one.
         *
         * @param source a non-null instant source
         * @return this builder
         */
        public Builder instantSource(InstantSource source) {
            check(source != null, "instantSource", null, "a non-null InstantSource");
            config.instantSource = source;
            return this;
        }

        // ---- Resilience4j compatibility: settings that exist only to reproduce Resilience4j's semantics (circuit's own
    // settings above cover the same ground) ----

        /**
         * How long each opening lasts, decided by a function of the failed recoveries so far; it replaces
         * the recovery timeout, the backoff and the jitter, for rules they cannot express (Resilience4j's
         * interval functions, for one).
         *
         * @param duration the function, or null to go back to the recovery timeout, backoff and jitter
         * @return this builder
         */
        public Builder openDuration(OpenDuration duration) {
            config.openDuration = duration;
            return this;
        }

        /**
         * Whether an OPEN circuit moves to HALF_OPEN when its open duration ends, without waiting for a
         * call. The engine has no thread of its own: the move happens at the first look at the breaker after
         * that time ({@link CircuitBreaker#state()}, {@link CircuitBreaker#snapshot()}, a call), so that a
         * scheduler looking at that time (the Spring layer has one) makes it punctual and its event timely.
         *
         * @param automatic true to move by itself; false (the default) leaves the move to the next call
         * @return this builder
         */
        public Builder automaticHalfOpen(boolean automatic) {
            config.automaticHalfOpen = automatic;
            return this;
        }

        /**
         * The longest time the circuit may stay HALF_OPEN without a decision; then it moves to the given
         * state (OPEN counts as a failed recovery, for the backoff). Like {@link #automaticHalfOpen(boolean)},
         * the move happens at the first look at the breaker after that time.
         *
         * @param duration a positive duration, or null for no limit (the default)
         * @param then     {@link CircuitState#OPEN} or {@link CircuitState#CLOSED}
         * @return this builder
         */
        public Builder maxHalfOpenDuration(Duration duration, CircuitState then) {
            check(duration == null || !duration.isNegative() && !duration.isZero(), "maxHalfOpenDuration", duration,
                "a positive duration, or none for no limit");
            check(then == CircuitState.OPEN || then == CircuitState.CLOSED, "stateAfterMaxHalfOpen", then, "OPEN or CLOSED");
            config.maxHalfOpenDuration = duration;
            config.stateAfterMaxHalfOpen = then;
            return this;
        }

        /**
         * How HALF_OPEN decides: {@link HalfOpenPolicy#PROBES} (the default: {@code successThreshold}
         * successful probes close, a failed one re-opens) or {@link HalfOpenPolicy#RATE} (Resilience4j's
         * rule: {@code halfOpenMaxCalls} calls in all, judged together by the rate thresholds).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder halfOpenPolicy(HalfOpenPolicy policy) {
            check(policy != null, "halfOpenPolicy", policy, "PROBES or RATE");
            config.halfOpenPolicy = policy;
            return this;
        }

        /**
         * Whether an error that is not recorded (not a {@code recordExceptions} type, or declined by the
         * failure predicate) counts as a success, as in Resilience4j, rather than as ignored (the default).
         * Errors of {@code ignoreExceptions} types and ignored categories stay ignored either way.
         *
         * @param succeed true for Resilience4j's rule
         * @return this builder
         */
        public Builder unrecordedErrorsSucceed(boolean succeed) {
            config.unrecordedErrorsSucceed = succeed;
            return this;
        }

        /**
         * A predicate whose throwables count as neither success nor failure, as the
         * {@link #ignoreExceptions(Class[])} types do (both apply; they win over the recorded types).
         *
         * @param predicate a predicate, or null for none
         * @return this builder
         */
        public Builder ignorePredicate(Predicate<Throwable> predicate) {
            config.ignorePredicate = predicate;
            return this;
        }

        /**
         * Builds the configuration, checking the settings that depend on each other.
         *
         * @return the immutable configuration
         */
        public CircuitBreakerConfig build() {
            CircuitBreakerConfig c = config;
            if (c.slidingWindowType == SlidingWindowType.TIME_BASED) {
                check(c.slidingWindowSize <= MAX_TIME_WINDOW_SECONDS, "slidingWindowSize", c.slidingWindowSize,
                    "an integer from 1 to " + MAX_TIME_WINDOW_SECONDS + " for a TIME_BASED window (seconds)");
            }
            check(c.backoffMultiplier == 1.0 || c.maxRecoveryTimeout != null, "maxRecoveryTimeout", null,
                "a duration >= recoveryTimeout (" + c.recoveryTimeout + "); backoffMultiplier " + c.backoffMultiplier
                    + " needs it as the cap of the open duration");
            if (c.maxRecoveryTimeout != null) {
                check(c.maxRecoveryTimeout.compareTo(c.recoveryTimeout) >= 0, "maxRecoveryTimeout",
                    c.maxRecoveryTimeout, "a duration >= recoveryTimeout (" + c.recoveryTimeout + ")");
            }
            CircuitBreakerConfig built = c.copy();
            built.failurePolicy = FailurePolicy.of(built);
            return built;
        }

        private static void check(boolean valid, String setting, Object value, String allowed) {
            if (!valid) {
                throw new InvalidConfigurationException(setting, value, allowed);
            }
        }

        private static void checkFraction(String setting, double value) {
            check(value == 0.0 || (value > 0.0 && value <= 1.0), setting, value,
                "a fraction in (0, 1], or 0 to switch the policy off");
        }

        private static void checkPositive(String setting, Duration value) {
            check(value != null && !value.isNegative() && !value.isZero(), setting, value, "a positive duration");
        }

        private static List<Class<? extends Throwable>> checkTypes(String setting, Class<? extends Throwable>[] types,
                                                                   boolean emptyAllowed) {
            check(types != null && (emptyAllowed || types.length > 0)
                    && Arrays.stream(types).allMatch(Objects::nonNull), setting,
                types == null ? null : Arrays.toString(types),
                emptyAllowed ? "Throwable types, none null" : "one or more Throwable types, none null");
            return List.of(types);
        }
    }
}
