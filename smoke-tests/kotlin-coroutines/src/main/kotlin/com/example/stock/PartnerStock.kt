package com.example.stock

import dev.circuit.spring.annotation.CircuitProtected
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.asFlow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.withContext
import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Service
import org.springframework.web.client.RestClient
import org.springframework.web.client.body
import org.springframework.web.client.requiredBody

/** The stock partner over HTTP. Its failures count; while the circuit is open, calls throw CircuitOpenException. */
@Service
class PartnerStock(@Value("\${partner.url}") partnerUrl: String) {

    private val partner = RestClient.create(partnerUrl)

    @CircuitProtected("partner")
    suspend fun level(sku: String): Stock = withContext(Dispatchers.IO) {
        partner.get().uri("/stock/{sku}", sku).retrieve().requiredBody<Stock>()
    }

    /** Recorded when the collection completes or fails; while the circuit is open, it never starts. */
    @CircuitProtected("partner")
    fun moves(sku: String): Flow<Move> = flow {
        emitAll(partner.get().uri("/stock/{sku}/moves", sku).retrieve().body<List<Move>>().orEmpty().asFlow())
    }.flowOn(Dispatchers.IO)
}
