package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObservationTest {

    private final FakeTime time = new FakeTime();

    @Test
    void snapshotShowsEveryFigure() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(3)
            .failureRateThreshold(0.9).slidingWindow(SlidingWindowType.COUNT_BASED, 10).minimumCalls(2).build());
        breaker.recordSuccess();
        time.advance(Duration.ofSeconds(1));
        breaker.recordFailure(new ConnectException("refused"));
        breaker.recordFailure(new java.sql.SQLSyntaxErrorException("bad"));

        CircuitSnapshot snapshot = breaker.snapshot();
        assertThat(snapshot.name()).isEqualTo("db");
        assertThat(snapshot.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(snapshot.consecutiveFailures()).isEqualTo(1);
        assertThat(snapshot.successes()).isEqualTo(1);
        assertThat(snapshot.failures()).isEqualTo(1);
        assertThat(snapshot.ignored()).isEqualTo(1);
        assertThat(snapshot.rejected()).isZero();
        assertThat(snapshot.bufferedCalls()).isEqualTo(2);
        assertThat(snapshot.failureRate()).isEqualTo(0.5);
        assertThat(snapshot.slowCallRate()).isZero();
        assertThat(snapshot.lastFailure()).satisfies(failure -> {
            assertThat(failure.time()).isEqualTo(time.instant());
            assertThat(failure.errorType()).isEqualTo("java.net.ConnectException");
            assertThat(failure.reason()).isEqualTo("ConnectException: refused");
            assertThat(failure.category()).isEqualTo(ErrorCategory.CONNECTION);
        });
        assertThat(snapshot.openedAt()).isNull();
        assertThat(snapshot.nextAttemptAt()).isNull();
        assertThat(snapshot.callPermitted()).isTrue();
    }

    @Test
    void withoutARatePolicyTheRatesAreMinusOne() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
        breaker.recordFailure(new IOException("x"));
        assertThat(breaker.snapshot().failureRate()).isEqualTo(-1);
        assertThat(breaker.snapshot().slowCallRate()).isEqualTo(-1);
        assertThat(breaker.snapshot().bufferedCalls()).isZero();
    }

    @Test
    void listenersHearTransitionsFailuresSuccessesAndRejections() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1).build());
        List<String> heard = new ArrayList<>();
        breaker.addListener(new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker b, CircuitEvent t) {
                heard.add(b.name() + " " + t.from() + "->" + t.to() + " (" + t.reason() + ")");
            }

            @Override
            public void onSuccess(CircuitBreaker b, long durationNanos) {
                heard.add("success " + durationNanos);
            }

            @Override
            public void onFailure(CircuitBreaker b, long durationNanos, Throwable error, ErrorCategory category) {
                heard.add("failure " + category + " " + durationNanos);
            }

            @Override
            public void onIgnoredError(CircuitBreaker b, long durationNanos, Throwable error) {
                heard.add("ignored " + error.getClass().getSimpleName());
            }

            @Override
            public void onRejected(CircuitBreaker b) {
                heard.add("rejected");
            }
        });

        breaker.run(() -> time.advance(Duration.ofMillis(5)));
        breaker.recordFailure(new java.sql.SQLSyntaxErrorException("bad"));
        assertThatThrownBy(() -> breaker.run(() -> {
            time.advance(Duration.ofMillis(7));
            throw new IllegalStateException(new ConnectException("refused"));
        })).isInstanceOf(IllegalStateException.class);
        breaker.tryAcquirePermission();

        assertThat(heard).containsExactly(
            "success 5000000",
            "ignored SQLSyntaxErrorException",
            "failure CONNECTION 7000000",
            "db CLOSED->OPEN (1 consecutive failure)",
            "rejected");
    }

    @Test
    void aThrowingListenerNeverReachesTheCallerAndIsCounted() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(1).build());
        List<String> second = new ArrayList<>();
        breaker.addListener(new CircuitListener() {
            @Override
            public void onSuccess(CircuitBreaker b, long durationNanos) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
                throw new IllegalStateException("listener bug");
            }
        });
        breaker.addListener(new CircuitListener() {
            @Override
            public void onSuccess(CircuitBreaker b, long durationNanos) {
                second.add("success");
            }
        });

        assertThat(breaker.call(() -> 42)).isEqualTo(42);
        breaker.recordFailure(new IOException("down"));

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(second).containsExactly("success");
        assertThat(breaker.metrics().listenerErrors()).isEqualTo(2);
    }

    @Test
    void aThrowingListenerIsLoggedWithItsClassAtMostOnceAMinute() {
        Logger logger = Logger.getLogger("dev.circuit");
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
            breaker.addListener(new FailingListener());
            for (int i = 0; i < 100; i++) {
                breaker.recordSuccess();
            }
            assertThat(breaker.metrics().listenerErrors()).isEqualTo(100);
            assertThat(records).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).contains(FailingListener.class.getName(), "'db'");
                assertThat(record.getThrown()).hasMessage("listener bug");
            });
        } finally {
            logger.removeHandler(handler);
        }
    }

    /** A listener with a bug. */
    private static final class FailingListener implements CircuitListener {
        @Override
        public void onSuccess(CircuitBreaker b, long durationNanos) {
            throw new IllegalStateException("listener bug");
        }
    }

    @Test
    void metricsReadTheLiveFiguresWithFailuresByCategory() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(0).failureRateThreshold(0.9)
            .slidingWindow(SlidingWindowType.COUNT_BASED, 4).minimumCalls(4).build());
        CircuitMetrics metrics = breaker.metrics();
        breaker.recordSuccess();
        breaker.recordFailure(new ConnectException("refused"));
        breaker.recordFailure(new IOException("broken"));
        assertThat(metrics.failureRate()).isEqualTo(-1);
        breaker.recordSuccess();

        assertThat(metrics).isSameAs(breaker.metrics());
        assertThat(metrics.successes()).isEqualTo(2);
        assertThat(metrics.failures()).isEqualTo(2);
        assertThat(metrics.failures(ErrorCategory.CONNECTION)).isEqualTo(1);
        assertThat(metrics.failures(ErrorCategory.UNKNOWN) + metrics.failures(ErrorCategory.CONNECTION)).isEqualTo(2);
        assertThat(metrics.failureRate()).isEqualTo(0.5).isEqualTo(breaker.snapshot().failureRate());
        assertThat(metrics.slowCallRate()).isZero();
        assertThat(metrics.consecutiveFailures()).isZero();
    }

    @Test
    void removedListenersHearNothingMore() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().build());
        List<String> heard = new ArrayList<>();
        CircuitListener listener = new CircuitListener() {
            @Override
            public void onSuccess(CircuitBreaker b, long durationNanos) {
                heard.add("success");
            }
        };
        breaker.addListener(listener);
        breaker.recordSuccess();
        assertThat(breaker.removeListener(listener)).isTrue();
        assertThat(breaker.removeListener(listener)).isFalse();
        breaker.recordSuccess();
        assertThat(heard).containsExactly("success");
    }

    @Test
    void historyKeepsTheLastEventsOldestFirst() {
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config().failureThreshold(0).historySize(3).build());
        for (int i = 1; i <= 5; i++) {
            breaker.recordFailure(new IOException("failure " + i));
        }
        assertThat(breaker.history()).extracting(CircuitEvent::reason)
            .containsExactly("IOException: failure 3", "IOException: failure 4", "IOException: failure 5");

        CircuitBreaker silent = CircuitBreaker.of("quiet", time.config().historySize(0).build());
        silent.recordFailure(new IOException("x"));
        assertThat(silent.history()).isEmpty();
        assertThat(silent.snapshot().lastFailure()).isNotNull();
    }

    @Test
    void callsAreTimedOnlyWhenAListenerWantsOutcomes() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        CircuitBreaker breaker = CircuitBreaker.of("db", time.config()
            .ticker(() -> reads.incrementAndGet() * 1_000L).build());
        breaker.addListener(new CircuitListener() {
            @Override
            public void onStateTransition(CircuitBreaker b, CircuitEvent transition) {
            }
        });
        breaker.call(() -> "x");
        assertThat(reads.get()).isZero();

        List<Long> durations = new ArrayList<>();
        breaker.addListener(new CircuitListener() {
            @Override
            public void onSuccess(CircuitBreaker b, long durationNanos) {
                durations.add(durationNanos);
            }
        });
        breaker.call(() -> "x");
        assertThat(reads.get()).isEqualTo(2);
        assertThat(durations).containsExactly(1_000L);
    }
}
