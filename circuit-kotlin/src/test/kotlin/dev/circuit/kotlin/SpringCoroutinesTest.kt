package dev.circuit.kotlin

import dev.circuit.core.CircuitBreakerRegistry
import dev.circuit.core.CircuitOpenException
import dev.circuit.core.CircuitSnapshot
import dev.circuit.core.CircuitState
import dev.circuit.spring.annotation.CircuitProtected
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.springframework.boot.SpringBootConfiguration
import org.springframework.boot.WebApplicationType
import org.springframework.boot.autoconfigure.EnableAutoConfiguration
import org.springframework.boot.builder.SpringApplicationBuilder
import org.springframework.context.ConfigurableApplicationContext
import org.springframework.context.annotation.Import
import org.springframework.stereotype.Service
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger

/** A Kotlin Spring Boot application with the starter: suspend functions and flows go through the advice. */
class SpringCoroutinesTest {

    /** A remote partner: its calls fail while [down] is set. */
    @Service
    class Partner {
        val calls = AtomicInteger()
        var down = false

        @CircuitProtected("partner")
        suspend fun fetch(id: Int): String {
            calls.incrementAndGet()
            delay(5)
            if (down) throw IOException("partner down")
            return "item $id"
        }

        @CircuitProtected("partner")
        suspend fun slow(): String {
            delay(5_000)
            return "late"
        }

        @CircuitProtected("partner")
        fun updates(): Flow<Int> = flow {
            calls.incrementAndGet()
            emit(1)
            if (down) throw IOException("stream broke")
            emit(2)
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Partner::class)
    class App

    private val context: ConfigurableApplicationContext = SpringApplicationBuilder(App::class.java)
        .web(WebApplicationType.NONE)
        .properties("circuit.breakers.partner.failure-threshold=3", "spring.main.banner-mode=off")
        .run()
    private val partner = context.getBean(Partner::class.java)

    private fun snapshot(): CircuitSnapshot =
        context.getBean(CircuitBreakerRegistry::class.java).find("partner").orElseThrow().snapshot()

    @AfterEach
    fun close() = context.close()

    @Test
    fun `a suspend function's value and failures reach the caller and failures count`() = runBlocking<Unit> {
        assertThat(partner.fetch(1)).isEqualTo("item 1")
        assertThat(snapshot().successes()).isEqualTo(1)

        partner.down = true
        repeat(3) { assertThrows<IOException> { partner.fetch(2) } }
        assertThat(snapshot().failures()).isEqualTo(3)
        assertThat(snapshot().state()).isEqualTo(CircuitState.OPEN)

        val before = partner.calls.get()
        val rejected = assertThrows<CircuitOpenException> { partner.fetch(3) }
        assertThat(rejected.message).contains("partner")
        assertThat(partner.calls.get()).isEqualTo(before) // the body did not run
    }

    @Test
    fun `a timeout around a suspend function is not a failure`() = runBlocking<Unit> {
        repeat(4) { assertThrows<TimeoutCancellationException> { withTimeout(50) { partner.slow() } } }
        assertThat(snapshot().failures()).isZero()
        assertThat(snapshot().state()).isEqualTo(CircuitState.CLOSED)
    }

    @Test
    fun `a flow is recorded on completion or failure and never starts while open`() = runBlocking<Unit> {
        assertThat(partner.updates().toList()).containsExactly(1, 2)
        assertThat(snapshot().successes()).isEqualTo(1)

        partner.down = true
        repeat(3) { assertThrows<IOException> { partner.updates().toList() } }
        assertThat(snapshot().failures()).isEqualTo(3)

        val before = partner.calls.get()
        assertThrows<CircuitOpenException> { partner.updates().toList() }
        assertThat(partner.calls.get()).isEqualTo(before)
    }
}
