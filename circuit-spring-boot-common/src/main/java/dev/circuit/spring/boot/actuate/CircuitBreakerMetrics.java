package dev.circuit.spring.boot.actuate;

import dev.circuit.core.CircuitBreaker;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitEvent;
import dev.circuit.core.CircuitListener;
import dev.circuit.core.CircuitMetrics;
import dev.circuit.core.CircuitMetrics.WindowOutcome;
import dev.circuit.core.CircuitState;
import dev.circuit.core.ErrorCategory;
import dev.circuit.core.RegistryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for every breaker of the registry, tagged {@code component=<breaker name>}
 * (Prometheus names shown):
 * <ul>
 *   <li>{@code circuit_breaker_state}: 1 closed (or disabled), 0.5 half-open, 0 open or forced open;</li>
 *   <li>{@code circuit_breaker_failures}: current consecutive failures;</li>
 *   <li>{@code circuit_breaker_calls_total{outcome=success|failure|ignored|rejected}};</li>
 *   <li>{@code circuit_breaker_transitions_total{from,to}};</li>
 *   <li>{@code circuit_breaker_failure_rate} and {@code circuit_breaker_slow_call_rate} (-1 while the
 *       window holds fewer than the minimum calls or no rate policy is configured);</li>
 *   <li>{@code circuit_breaker_throttle_probability}: the probability that adaptive throttling rejects
 *       a new call (0 when it is off or the circuit is not CLOSED);</li>
 *   <li>{@code circuit_breaker_failures_by_category_total{category}};</li>
 *   <li>{@code circuit_breaker_listener_errors_total}: listener calls that threw;</li>
 *   <li>{@code circuit_breaker_call_seconds{outcome=success|failure}}, only with
 *       {@code circuit.metrics.call-timer.enabled=true}: timing every call costs two clock reads and a
 *       timer update per call.</li>
 * </ul>
 * With {@code circuit.metrics.resilience4j-names=true}, the same breakers are also measured under
 * Resilience4j's names and tags ({@code name=<breaker name>}), so that dashboards and alert rules written for
 * Resilience4j keep working: {@code resilience4j_circuitbreaker_state{state}} (1 for the current state, 0 for
 * the others), {@code _buffered_calls{kind=successful|failed}}, {@code _slow_calls{kind=successful|failed}},
 * {@code _failure_rate} and {@code _slow_call_rate} (in percent, -1 below the minimum calls),
 * {@code _not_permitted_calls_total{kind=not_permitted}} and the timer
 * {@code _calls_seconds{kind=successful|failed|ignored}}, which times every call as the call timer does.
 * Gauges and counters are functions over the engine's own live figures ({@link CircuitMetrics}): they
 * add no work to a call and build nothing when scraped. Breakers created later get meters as they
 * appear; removed breakers lose theirs. Gauges hold their breakers strongly, so a gauge never reads
 * NaN while its breaker exists.
 */
public class CircuitBreakerMetrics implements MeterBinder {

    private static final String PREFIX = "circuit.breaker.";
    private static final String TAG = "component";

    private final CircuitBreakerRegistry breakers;
    private final boolean callTimer;
    private final boolean resilience4jNames;
    private final List<MeterRegistry> meterRegistries = new CopyOnWriteArrayList<>();
    private final Map<String, BreakerMeters> byBreaker = new ConcurrentHashMap<>();

    /**
     * Creates the binder.
     *
     * @param breakers          the breakers to measure
     * @param callTimer         whether to time every call ({@code circuit_breaker_call_seconds})
     * @param resilience4jNames whether to measure them under Resilience4j's names too
     */
    public CircuitBreakerMetrics(CircuitBreakerRegistry breakers, boolean callTimer, boolean resilience4jNames) {
        this.breakers = breakers;
        this.callTimer = callTimer;
        this.resilience4jNames = resilience4jNames;
    }

    /** Starts measuring: the breakers are followed only once there is a meter registry to record into. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (meterRegistries.isEmpty()) {
            Recorder recorder = new Recorder();
            breakers.addRegistryListener(recorder);
            breakers.addListener(recorder);
            if (callTimer || resilience4jNames) {
                breakers.addListener(new CallTimer());
            }
        }
        meterRegistries.add(registry);
        breakers.all().forEach(breaker -> register(registry, breaker));
    }

    private void register(MeterRegistry registry, CircuitBreaker breaker) {
        byBreaker.computeIfAbsent(breaker.name(), name -> new BreakerMeters(breaker)).registerIn(registry, callTimer,
            resilience4jNames);
    }

    /**
     * Follows the registry (meters for breakers added later, none for removed ones) and counts
     * transitions. It hears of no call, so calls are not timed for it. Kept private so that it is not
     * also attached as a listener bean.
     */
    private final class Recorder implements RegistryListener, CircuitListener {

        @Override
        public void onBreakerAdded(CircuitBreaker breaker) {
            meterRegistries.forEach(registry -> register(registry, breaker));
        }

        @Override
        public void onBreakerRemoved(CircuitBreaker breaker) {
            BreakerMeters meters = byBreaker.remove(breaker.name());
            if (meters != null) {
                meters.removeFrom(meterRegistries);
            }
        }

        @Override
        public void onStateTransition(CircuitBreaker breaker, CircuitEvent transition) {
            BreakerMeters meters = byBreaker.get(breaker.name());
            if (meters != null) {
                meters.increment(Counter.builder(PREFIX + "transitions")
                    .description("State transitions of the circuit breaker")
                    .tags(TAG, breaker.name(), "from", transition.from().name(), "to", transition.to().name()));
            }
        }
    }

    /** Times every call, when switched on: hearing of outcomes makes the engine time calls. */
    private final class CallTimer implements CircuitListener {

        @Override
        public void onSuccess(CircuitBreaker breaker, long durationNanos) {
            BreakerMeters meters = byBreaker.get(breaker.name());
            if (meters != null) {
                meters.successTimers.forEach(timer -> timer.record(durationNanos, TimeUnit.NANOSECONDS));
            }
        }

        @Override
        public void onFailure(CircuitBreaker breaker, long durationNanos, Throwable error, ErrorCategory category) {
            BreakerMeters meters = byBreaker.get(breaker.name());
            if (meters != null) {
                meters.failureTimers.forEach(timer -> timer.record(durationNanos, TimeUnit.NANOSECONDS));
            }
        }

        @Override
        public void onIgnoredError(CircuitBreaker breaker, long durationNanos, Throwable error) {
            BreakerMeters meters = byBreaker.get(breaker.name());
            if (meters != null) {
                meters.ignoredTimers.forEach(timer -> timer.record(durationNanos, TimeUnit.NANOSECONDS));
            }
        }
    }

    /** Resilience4j's name of a state, as its state gauge tags it. */
    private static String resilience4jState(CircuitState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A rate as Resilience4j reports it: a percentage, or -1 while it is not judged. */
    private static double percent(double rate) {
        return rate < 0 ? -1 : rate * 100;
    }

    /** The value of {@code circuit_breaker_state} for a state. */
    static double stateValue(CircuitState state) {
        return switch (state) {
            case CLOSED, DISABLED -> 1.0;
            case HALF_OPEN -> 0.5;
            case OPEN, FORCED_OPEN -> 0.0;
        };
    }

    /** The meters of one breaker, in every registry they were bound to. */
    private static final class BreakerMeters {

        private final CircuitBreaker breaker;
        private final List<MeterRegistry> meterRegistries = new CopyOnWriteArrayList<>();
        private final List<Meter> meters = new CopyOnWriteArrayList<>();
        private final List<Timer> successTimers = new CopyOnWriteArrayList<>();
        private final List<Timer> failureTimers = new CopyOnWriteArrayList<>();
        private final List<Timer> ignoredTimers = new CopyOnWriteArrayList<>();

        BreakerMeters(CircuitBreaker breaker) {
            this.breaker = breaker;
        }

        void registerIn(MeterRegistry registry, boolean callTimer, boolean resilience4jNames) {
            if (meterRegistries.contains(registry)) {
                return;
            }
            meterRegistries.add(registry);
            Tags tags = Tags.of(TAG, breaker.name());
            gauge(registry, "state", "1 closed, 0.5 half-open, 0 open", tags, b -> stateValue(b.state()));
            gauge(registry, "failures", "Consecutive failures", tags, b -> b.metrics().consecutiveFailures());
            gauge(registry, "failure.rate", "Failure rate of the sliding window (-1 below the minimum calls)", tags,
                b -> b.metrics().failureRate());
            gauge(registry, "slow.call.rate", "Slow-call rate of the sliding window (-1 below the minimum calls)", tags,
                b -> b.metrics().slowCallRate());
            gauge(registry, "throttle.probability", "Probability that adaptive throttling rejects a new call", tags,
                b -> b.metrics().throttleProbability());
            gauge(registry, "calls.in.flight", "Calls that started and have not ended (-1 when not counted: they are"
                + " with the slow-call-rate policy or max-concurrent-calls)", tags, b -> b.metrics().callsInFlight());
            counter(registry, "saturated.calls", "Calls rejected because max-concurrent-calls were in flight", tags,
                b -> b.metrics().saturated());
            counter(registry, "calls", "Calls through the circuit breaker by outcome", tags.and("outcome", "success"),
                b -> b.metrics().successes());
            counter(registry, "calls", "Calls through the circuit breaker by outcome", tags.and("outcome", "failure"),
                b -> b.metrics().failures());
            counter(registry, "calls", "Calls through the circuit breaker by outcome", tags.and("outcome", "ignored"),
                b -> b.metrics().ignored());
            counter(registry, "calls", "Calls through the circuit breaker by outcome", tags.and("outcome", "rejected"),
                b -> b.metrics().rejected());
            for (ErrorCategory category : ErrorCategory.values()) {
                counter(registry, "failures.by.category", "Recorded failures by error category",
                    tags.and("category", category.name()), b -> b.metrics().failures(category));
            }
            counter(registry, "listener.errors", "Listener calls that threw (the calls went on unharmed)", tags,
                b -> b.metrics().listenerErrors());
            if (callTimer) {
                successTimers.add(remember(timer(registry, tags, "success")));
                failureTimers.add(remember(timer(registry, tags, "failure")));
            }
            if (resilience4jNames) {
                registerResilience4jNames(registry);
            }
        }

        /** Resilience4j's meters (resilience4j-micrometer's names, tags and units) over the same figures. */
        private void registerResilience4jNames(MeterRegistry registry) {
            String prefix = "resilience4j.circuitbreaker.";
            Tags tags = Tags.of("name", breaker.name());
            for (String state : List.of("closed", "open", "half_open", "disabled", "forced_open", "metrics_only")) {
                remember(Gauge.builder(prefix + "state", breaker, b -> resilience4jState(b.state()).equals(state) ? 1 : 0)
                    .description("The states of the circuit breaker").tags(tags.and("state", state))
                    .strongReference(true).register(registry));
            }
            window(registry, prefix + "buffered.calls", "failed", b -> b.windowCalls(WindowOutcome.FAILED));
            window(registry, prefix + "buffered.calls", "successful",
                b -> b.windowCalls(WindowOutcome.ALL) - b.windowCalls(WindowOutcome.FAILED));
            window(registry, prefix + "slow.calls", "successful",
                b -> b.windowCalls(WindowOutcome.SLOW) - b.windowCalls(WindowOutcome.SLOW_FAILED));
            window(registry, prefix + "slow.calls", "failed", b -> b.windowCalls(WindowOutcome.SLOW_FAILED));
            remember(Gauge.builder(prefix + "failure.rate", breaker, b -> percent(b.metrics().failureRate()))
                .description("The failure rate of the circuit breaker").tags(tags).strongReference(true).register(registry));
            remember(Gauge.builder(prefix + "slow.call.rate", breaker, b -> percent(b.metrics().slowCallRate()))
                .description("The slow call of the circuit breaker").tags(tags).strongReference(true).register(registry));
            remember(FunctionCounter.builder(prefix + "not.permitted.calls", breaker, b -> b.metrics().rejected())
                .description("Total number of not permitted calls").tags(tags.and("kind", "not_permitted")).register(registry));
            successTimers.add(remember(Timer.builder(prefix + "calls").description("Total number of successful calls")
                .tags(tags.and("kind", "successful")).register(registry)));
            failureTimers.add(remember(Timer.builder(prefix + "calls").description("Total number of failed calls")
                .tags(tags.and("kind", "failed")).register(registry)));
            ignoredTimers.add(remember(Timer.builder(prefix + "calls")
                .description("Total number of calls which failed but the exception was ignored")
                .tags(tags.and("kind", "ignored")).register(registry)));
        }

        private void window(MeterRegistry registry, String name, String kind, ToDoubleFunction<CircuitMetrics> count) {
            remember(Gauge.builder(name, breaker, b -> count.applyAsDouble(b.metrics()))
                .description("Calls of the sliding window").tags("name", breaker.name(), "kind", kind)
                .strongReference(true).register(registry));
        }

        private void gauge(MeterRegistry registry, String name, String description, Tags tags,
                           ToDoubleFunction<CircuitBreaker> value) {
            remember(Gauge.builder(PREFIX + name, breaker, value).description(description).tags(tags)
                .strongReference(true).register(registry));
        }

        private void counter(MeterRegistry registry, String name, String description, Tags tags,
                             ToDoubleFunction<CircuitBreaker> count) {
            remember(FunctionCounter.builder(PREFIX + name, breaker, count).description(description).tags(tags)
                .register(registry));
        }

        private static Timer timer(MeterRegistry registry, Tags tags, String outcome) {
            return Timer.builder(PREFIX + "call").description("Duration of calls through the circuit breaker")
                .tags(tags.and("outcome", outcome)).register(registry);
        }

        /** Increments a counter whose tags depend on the event, in every registry, created on first use. */
        void increment(Counter.Builder counter) {
            meterRegistries.forEach(registry -> remember(counter.register(registry)).increment());
        }

        <M extends Meter> M remember(M meter) {
            if (!meters.contains(meter)) {
                meters.add(meter);
            }
            return meter;
        }

        void removeFrom(List<MeterRegistry> registries) {
            for (MeterRegistry registry : registries) {
                meters.forEach(registry::remove);
            }
        }
    }
}
