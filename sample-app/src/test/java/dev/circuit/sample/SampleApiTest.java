package dev.circuit.sample;

import com.zaxxer.hikari.HikariDataSource;
import dev.circuit.core.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders API and the actuator as a client meets them outside the demo profile: bad bodies answer
 * a problem detail naming the field, every 503 says when to retry, and only an operator may act on
 * the breakers.
 */
@SampleApplicationTest
class SampleApiTest {

    static int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        port = SampleTestProperties.register(registry, "api");
    }

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    DataSource dataSource;

    @AfterEach
    void reset() {
        breakers.breaker("database").reset();
    }

    private RestClient http() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
            .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { }).build();
    }

    private ResponseEntity<String> post(String path, String body) {
        return http().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve().toEntity(String.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"item\": \"book\", \"quantity\": 2.5}|quantity",
        "{\"item\": \"book\"}|quantity",
        "{\"item\": \"book\", \"quantity\": null}|quantity",
        "{\"item\": \"book\", \"quantity\": 100000000000000000000}|quantity",
        "{\"item\": \"book\", \"quantity\": \"two\"}|quantity",
        "{\"item\": \"book\", \"quantity\": 0}|quantity",
        "{\"item\": \" \", \"quantity\": 1}|item",
    })
    void aBadOrderAnswersAProblemDetailNamingTheField(String body, String field) {
        ResponseEntity<String> bad = post("/orders", body);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(bad.getBody()).contains("\"status\":400", "\"detail\":\"" + field + ": ", "\"field\":\"" + field + "\"");
    }

    @Test
    void aWholeQuantityIsStoredAsSent() {
        ResponseEntity<String> created = post("/orders", "{\"item\": \"book\", \"quantity\": 2}");
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getBody()).contains("\"quantity\":2");
    }

    @Test
    void aForcedOpenCircuitStillSaysWhenToRetry() {
        breakers.breaker("database").forceOpen();
        ResponseEntity<String> rejected = post("/orders", "{\"item\": \"book\", \"quantity\": 1}");
        assertThat(rejected.getStatusCode().value()).isEqualTo(503);
        assertThat(rejected.getHeaders().getFirst("Retry-After")).isEqualTo("5"); // sample.orders.retry-after
        assertThat(rejected.getBody()).contains("nothing was stored", "FORCED_OPEN");
    }

    @Test
    void thePoolGivesUpOnAConnectionAfterTwoSeconds() throws Exception {
        assertThat(dataSource.unwrap(HikariDataSource.class).getConnectionTimeout()).isEqualTo(2000);
    }

    @Test
    void onlyTheOperatorMayActOnTheBreakersAndEveryoneMayLook() {
        String reset = "{\"action\": \"RESET\"}";
        assertThat(post("/actuator/circuitbreakers/database", reset).getStatusCode().value()).isEqualTo(401);
        assertThat(http().post().uri("/actuator/circuitbreakers/database").contentType(MediaType.APPLICATION_JSON)
            .headers(headers -> headers.setBasicAuth("operator", "wrong")).body(reset).retrieve()
            .toEntity(String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(http().post().uri("/actuator/circuitbreakers/database").contentType(MediaType.APPLICATION_JSON)
            .headers(headers -> headers.setBasicAuth("operator", SampleTestProperties.OPERATOR_PASSWORD)).body(reset)
            .retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(200);

        assertThat(http().get().uri("/actuator/circuitbreakers").retrieve().toEntity(String.class).getStatusCode().value())
            .isEqualTo(200);
        assertThat(http().get().uri("/actuator/health").retrieve().toEntity(String.class).getStatusCode().value())
            .isEqualTo(200);
        assertThat(http().get().uri("/actuator/prometheus").retrieve().toEntity(String.class).getStatusCode().value())
            .isEqualTo(200);
        assertThat(post("/orders", "{\"item\": \"book\", \"quantity\": 1}").getStatusCode().value()).isEqualTo(201);
    }
}
