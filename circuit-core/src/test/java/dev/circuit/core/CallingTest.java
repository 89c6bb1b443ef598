package dev.circuit.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallingTest {

    private final FakeTime time = new FakeTime();
    private final CircuitBreaker breaker = CircuitBreaker.of("api", time.config().failureThreshold(2).build());

    @Test
    void callReturnsTheResultAndPassesTheOriginalExceptionThrough() throws Exception {
        IOException original = new IOException("down");

        assertThat(breaker.call(() -> "ok")).isEqualTo("ok");
        assertThatThrownBy(() -> breaker.call(() -> {
            throw original;
        })).isSameAs(original);

        assertThat(breaker.snapshot().successes()).isEqualTo(1);
        assertThat(breaker.snapshot().failures()).isEqualTo(1);
    }

    @Test
    void errorsThatAreNotExceptionsPassThroughAndAreIgnored() {
        AssertionError error = new AssertionError("bug");
        assertThatThrownBy(() -> breaker.run(() -> {
            throw error;
        })).isSameAs(error);
        assertThat(breaker.snapshot().ignored()).isEqualTo(1);
    }

    @Test
    void runAndDecorateRecordOutcomes() {
        breaker.run(() -> { });
        Supplier<String> decorated = breaker.decorate(() -> "value");
        assertThat(decorated.get()).isEqualTo("value");
        Supplier<String> failing = breaker.decorate(() -> {
            throw new IllegalStateException("broken");
        });
        assertThatThrownBy(failing::get).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(failing::get).isInstanceOf(IllegalStateException.class);

        assertThat(breaker.snapshot().successes()).isEqualTo(2);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(decorated::get).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void callAsyncRecordsTheOutcomeWhenTheStageCompletes() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletionStage<String> stage = breaker.callAsync(() -> pending);
        assertThat(breaker.snapshot().successes()).isZero();

        pending.complete("done");
        assertThat(stage.toCompletableFuture().get()).isEqualTo("done");
        assertThat(breaker.snapshot().successes()).isEqualTo(1);

        IOException failure = new IOException("down");
        CompletionStage<String> failed = breaker.callAsync(() -> CompletableFuture.failedFuture(failure));
        assertThatThrownBy(() -> failed.toCompletableFuture().get())
            .isInstanceOf(ExecutionException.class).hasCause(failure);
        breaker.callAsync(() -> CompletableFuture.supplyAsync(() -> {
            throw new IllegalStateException("async down");
        })).exceptionally(e -> null).toCompletableFuture().join();

        assertThat(breaker.snapshot().failures()).isEqualTo(2);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.history()).filteredOn(e -> e.type() == CircuitEvent.Type.FAILURE)
            .extracting(CircuitEvent::errorType)
            .containsExactly(IOException.class.getName(), IllegalStateException.class.getName());
    }

    @Test
    void callAsyncFailsTheStageWhenRejectedOrWhenTheSupplierThrows() {
        breaker.forceOpen();
        CompletionStage<String> rejected = breaker.callAsync(() -> CompletableFuture.completedFuture("never"));
        assertThatThrownBy(() -> rejected.toCompletableFuture().join()).hasCauseInstanceOf(CircuitOpenException.class);

        breaker.reset();
        CompletionStage<String> thrown = breaker.callAsync(() -> {
            throw new IllegalStateException("could not start");
        });
        assertThatThrownBy(() -> thrown.toCompletableFuture().join()).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(breaker.snapshot().failures()).isEqualTo(1);
    }

    @Test
    void callWithFallbackHandsExceptionsAndRejectionsToTheFallbackButNotErrors() {
        assertThat(breaker.callWithFallback(() -> "live", e -> "cached")).isEqualTo("live");
        assertThat(breaker.<String>callWithFallback(() -> {
            throw new IOException("down");
        }, e -> "cached after " + e.getMessage())).isEqualTo("cached after down");

        java.util.function.Function<Throwable, String> anyThrowable = e -> "fallback";
        assertThatThrownBy(() -> breaker.callWithFallback(() -> {
            throw new AssertionError("a bug, not an outage");
        }, anyThrowable)).isInstanceOf(AssertionError.class);

        breaker.forceOpen();
        assertThat(breaker.callWithFallback(() -> "live", e -> e.getClass().getSimpleName()))
            .isEqualTo("CircuitOpenException");
    }

    @Test
    void theSimpleFormAsksOnceAndRecords() {
        if (!breaker.isOpen()) {
            breaker.recordFailure(new IOException("1"));
        }
        if (!breaker.isOpen()) {
            breaker.recordFailure(new IOException("2"));
        }
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.snapshot().rejected()).isEqualTo(1);
        breaker.reset();
        assertThat(breaker.isOpen()).isFalse();
        breaker.recordSuccess();
        assertThat(breaker.snapshot().successes()).isEqualTo(1);
    }

    @Test
    void theRawApiThrowsRejectionsChecksResultsAndReleasesCancelledProbes() {
        CircuitBreaker probing = CircuitBreaker.of("raw", time.config().failureThreshold(1)
            .resultPredicate("bad"::equals).build());
        probing.acquirePermission();
        probing.onResult(0, "bad");
        assertThatThrownBy(probing::acquirePermission)
            .isInstanceOfSatisfying(CircuitOpenException.class, e -> assertThat(e.breakerName()).isEqualTo("raw"));

        time.advance(java.time.Duration.ofMinutes(1));
        probing.acquirePermission();          // the only probe slot
        assertThat(probing.tryAcquirePermission()).isFalse();
        probing.releasePermission();          // cancelled: slot back, no outcome
        assertThat(probing.state()).isEqualTo(CircuitState.HALF_OPEN);
        probing.acquirePermission();
        probing.onResult(0, "good");
        assertThat(probing.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(probing.snapshot().failures()).isEqualTo(1);
        assertThat(probing.snapshot().successes()).isEqualTo(1);
    }
}
