package com.example.stock

import com.jayway.jsonpath.JsonPath
import com.sun.net.httpserver.HttpServer
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Test
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT
import org.springframework.boot.test.web.server.LocalServerPort
import org.springframework.http.HttpHeaders
import org.springframework.http.HttpStatus
import org.springframework.http.ResponseEntity
import org.springframework.test.context.DynamicPropertyRegistry
import org.springframework.test.context.DynamicPropertySource
import org.springframework.web.client.RestClient
import org.springframework.web.client.body
import org.springframework.web.client.toEntity
import java.net.InetSocketAddress

/**
 * The Kotlin application over HTTP: a partner that answers, then one that is gone; the suspend function and
 * the Flow count on one breaker, which opens after three failures and then rejects both (503), as the
 * actuator shows.
 */
@SpringBootTest(webEnvironment = RANDOM_PORT)
class StockApplicationTest {

    @LocalServerPort
    private var port = 0

    private val http by lazy { RestClient.create("http://127.0.0.1:$port") }

    private fun get(path: String): ResponseEntity<String> =
        http.get().uri(path).retrieve().onStatus({ it.isError }) { _, _ -> }.toEntity<String>()

    @Test
    fun `the partner's stock, then failures, then an open circuit seen by the actuator`() {
        assertThat(http.get().uri("/stock/tea").retrieve().body<Stock>()).isEqualTo(Stock("tea", 12))
        assertThat(http.get().uri("/stock/tea/moves").retrieve().body<List<Move>>())
            .containsExactly(Move(20, "delivery"), Move(-8, "orders"))

        partner.stop(0)
        for (path in listOf("/stock/tea", "/stock/tea/moves", "/stock/tea")) {
            val failed = get(path)
            assertThat(failed.statusCode).`as`(path).isEqualTo(HttpStatus.BAD_GATEWAY)
            assertThat(JsonPath.read<String>(failed.body, "$.detail")).startsWith("partner failed: ")
        }

        for (path in listOf("/stock/tea", "/stock/tea/moves")) {
            val rejected = get(path)
            assertThat(rejected.statusCode).`as`(path).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            assertThat(JsonPath.read<String>(rejected.body, "$.detail")).contains("'partner'", "OPEN")
            assertThat(rejected.headers.getFirst(HttpHeaders.RETRY_AFTER)!!.toLong()).isBetween(1, 30)
        }

        val breakers = get("/actuator/circuitbreakers").body
        assertThat(JsonPath.read<String>(breakers, "$.breakers.partner.state")).isEqualTo("OPEN")
        assertThat(JsonPath.read<Int>(breakers, "$.breakers.partner.successes")).isEqualTo(2)
        assertThat(JsonPath.read<Int>(breakers, "$.breakers.partner.failures")).isEqualTo(3)
        assertThat(JsonPath.read<Int>(breakers, "$.breakers.partner.rejected")).isEqualTo(2)
    }

    companion object {

        /** The partner: a level and its moves for any item. */
        private val partner = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0).apply {
            createContext("/stock/") { exchange ->
                val body = if (exchange.requestURI.path.endsWith("/moves")) {
                    """[{"change":20,"reason":"delivery"},{"change":-8,"reason":"orders"}]"""
                } else {
                    """{"sku":"tea","level":12}"""
                }.toByteArray()
                exchange.responseHeaders.add("Content-Type", "application/json")
                exchange.sendResponseHeaders(200, body.size.toLong())
                exchange.responseBody.use { it.write(body) }
            }
            start()
        }

        @JvmStatic
        @DynamicPropertySource
        fun partnerUrl(registry: DynamicPropertyRegistry) {
            registry.add("partner.url") { "http://127.0.0.1:${partner.address.port}" }
        }

        @JvmStatic
        @AfterAll
        fun stopPartner() = partner.stop(0)
    }
}
