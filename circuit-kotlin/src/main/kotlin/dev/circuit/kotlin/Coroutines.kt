/**
 * Kotlin coroutines over circuit's [CircuitBreaker]: a suspending call and a cold [Flow], each asking the
 * breaker for permission and recording its outcome. Coroutine cancellation (a [CancellationException],
 * `withTimeout` included) is never a failure: the call gives its permission back, so a cancelled
 * HALF_OPEN probe frees its place for the next one.
 */
package dev.circuit.kotlin

import dev.circuit.core.CircuitBreaker
import dev.circuit.core.CircuitOpenException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.flow
import kotlin.coroutines.cancellation.CancellationException

/**
 * Runs [block] through this breaker: its value and its failures reach the caller unchanged, and are
 * recorded (a value through the breaker's result predicate).
 *
 * @throws CircuitOpenException when the breaker rejects the call; [block] does not run
 */
suspend fun <T> CircuitBreaker.callSuspending(block: suspend () -> T): T {
    acquirePermission()
    val ticker = config().ticker()
    val start = ticker.asLong
    val value = try {
        block()
    } catch (cancelled: CancellationException) {
        releasePermission()
        throw cancelled
    } catch (failure: Throwable) {
        onError(ticker.asLong - start, failure)
        throw failure
    }
    onResult(ticker.asLong - start, value)
    return value
}

/**
 * This flow, protected by [breaker]: each collection asks for permission before the flow starts, and is
 * recorded when it completes (a success) or fails (a failure). A collection that is cancelled, or that its
 * collector stops (as `take` and `first` do), records nothing and gives its permission back.
 *
 * Collecting fails with [CircuitOpenException] while the breaker rejects calls; the flow never starts.
 */
fun <T> Flow<T>.protectedBy(breaker: CircuitBreaker): Flow<T> = flow {
    breaker.acquirePermission()
    val ticker = breaker.config().ticker()
    val start = ticker.asLong
    var recorded = false
    try {
        catch { failure ->
            if (failure !is CancellationException) {
                recorded = true
                breaker.onError(ticker.asLong - start, failure)
            }
            throw failure
        }.collect { emit(it) }
    } catch (stopped: Throwable) {
        if (!recorded) {
            breaker.releasePermission()
        }
        throw stopped
    }
    breaker.onSuccess(ticker.asLong - start)
}
