package dev.circuit.kotlin

import dev.circuit.core.CircuitBreaker
import dev.circuit.core.CircuitBreakerConfig
import dev.circuit.core.CircuitOpenException
import dev.circuit.core.CircuitState
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.IOException
import java.time.Duration
import java.time.Instant
import java.time.InstantSource
import java.util.concurrent.atomic.AtomicInteger

/** The coroutine API on virtual time: the breaker's clock is the test scheduler's. */
@OptIn(ExperimentalCoroutinesApi::class)
class CoroutinesTest {

    private fun TestScope.breaker(configure: CircuitBreakerConfig.Builder.() -> Unit = {}): CircuitBreaker {
        val scope = this
        val builder = CircuitBreakerConfig.builder()
            .failureThreshold(2)
            .recoveryTimeout(Duration.ofSeconds(10))
            .ticker { scope.currentTime * 1_000_000 }
            .instantSource(InstantSource { Instant.ofEpochMilli(scope.currentTime) })
        builder.configure()
        return CircuitBreaker.of("partner", builder.build())
    }

    @Test
    fun `a suspending call returns its value and is recorded`() = runTest {
        val breaker = breaker()
        val value = breaker.callSuspending {
            delay(50)
            "fresh"
        }
        assertThat(value).isEqualTo("fresh")
        assertThat(breaker.snapshot().successes()).isEqualTo(1)
    }

    @Test
    fun `failures reach the caller and open the circuit, which then rejects without running the block`() = runTest {
        val breaker = breaker()
        repeat(2) {
            assertThrows<IOException> { breaker.callSuspending<String> { throw IOException("down") } }
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN)
        val ran = AtomicInteger()
        val rejected = assertThrows<CircuitOpenException> { breaker.callSuspending { ran.incrementAndGet() } }
        assertThat(rejected.message).contains("partner")
        assertThat(ran).hasValue(0)
        assertThat(breaker.snapshot().failures()).isEqualTo(2)
        assertThat(breaker.snapshot().rejected()).isEqualTo(1)
    }

    @Test
    fun `a slow call is measured on the coroutine's clock`() = runTest {
        val breaker = breaker { slowCallDuration(Duration.ofSeconds(1)).slowCallRateThreshold(1.0).minimumCalls(1) }
        breaker.callSuspending { delay(2_000) }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN)
    }

    @Test
    fun `a timeout is a cancellation, not a failure`() = runTest {
        val breaker = breaker()
        repeat(3) {
            assertThrows<TimeoutCancellationException> {
                withTimeout(100) { breaker.callSuspending { delay(1_000) } }
            }
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED)
        assertThat(breaker.snapshot().failures()).isZero()
    }

    @Test
    fun `a cancelled half-open probe gives its permit back`() = runTest {
        val breaker = breaker { halfOpenMaxCalls(1).successThreshold(1) }
        repeat(2) { runCatching { breaker.callSuspending<Unit> { throw IOException("down") } } }
        advanceTimeBy(10_001)

        val probe = async { breaker.callSuspending { delay(60_000) } }
        advanceTimeBy(10)
        val second = assertThrows<CircuitOpenException> { breaker.callSuspending { } }
        assertThat(second.message).contains("partner") // the only permit is taken
        probe.cancel()
        probe.join()

        assertThat(breaker.callSuspending { "probe" }).isEqualTo("probe")
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED)
    }

    @Test
    fun `a flow is recorded when its collection completes or fails`() = runTest {
        val breaker = breaker()
        assertThat(flow { emit(1); delay(10); emit(2) }.protectedBy(breaker).toList()).containsExactly(1, 2)
        assertThat(breaker.snapshot().successes()).isEqualTo(1)

        val failing = flow<Int> { emit(1); throw IOException("stream broke") }.protectedBy(breaker)
        repeat(2) { assertThrows<IOException> { failing.toList() } }
        assertThat(breaker.snapshot().failures()).isEqualTo(2)
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN)
    }

    @Test
    fun `while open a flow never starts`() = runTest {
        val breaker = breaker { failureThreshold(1) }
        runCatching { breaker.callSuspending<Unit> { throw IOException("down") } }
        val started = AtomicInteger()
        val protected = flow { started.incrementAndGet(); emit(1) }.protectedBy(breaker)
        assertThrows<CircuitOpenException> { protected.toList() }
        assertThat(started).hasValue(0)
    }

    @Test
    fun `a collector that stops early records nothing and frees the permit`() = runTest {
        val breaker = breaker { halfOpenMaxCalls(1).successThreshold(1).failureThreshold(1) }
        runCatching { breaker.callSuspending<Unit> { throw IOException("down") } }
        advanceTimeBy(10_001)
        val endless = flow { var i = 0; while (true) { emit(i++); delay(1) } }.protectedBy(breaker)

        assertThat(endless.take(2).toList()).containsExactly(0, 1) // the probe's collection stops: no outcome
        assertThat(breaker.snapshot().failures()).isEqualTo(1)
        assertThat(breaker.callSuspending { "probe" }).isEqualTo("probe") // the permit came back
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED)
    }
}
