package com.example.stock

import dev.circuit.core.CircuitOpenException
import kotlinx.coroutines.flow.Flow
import org.springframework.http.HttpHeaders
import org.springframework.http.HttpStatus
import org.springframework.http.ProblemDetail
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.ExceptionHandler
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.RestController
import org.springframework.web.client.RestClientException
import java.time.Duration
import java.time.Instant

@RestController
class StockController(private val partner: PartnerStock) {

    @GetMapping("/stock/{sku}")
    suspend fun stock(@PathVariable sku: String): Stock = partner.level(sku)

    @GetMapping("/stock/{sku}/moves")
    fun moves(@PathVariable sku: String): Flow<Move> = partner.moves(sku)

    /** The partner failed: 502. */
    @ExceptionHandler
    fun partnerFailed(failure: RestClientException): ProblemDetail =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "partner failed: ${failure.message}")

    /** The circuit is open, the partner was not called: 503, and when to try again. */
    @ExceptionHandler
    fun circuitOpen(rejected: CircuitOpenException): ResponseEntity<ProblemDetail> {
        val response = ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        rejected.nextAttemptAt()?.let { next ->
            val seconds = Duration.between(Instant.now(), next).toSeconds().coerceAtLeast(1)
            response.header(HttpHeaders.RETRY_AFTER, seconds.toString())
        }
        return response.body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, rejected.message))
    }
}
