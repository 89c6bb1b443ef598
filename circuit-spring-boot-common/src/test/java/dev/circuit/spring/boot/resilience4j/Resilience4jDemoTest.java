package dev.circuit.spring.boot.resilience4j;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An application in the style of Resilience4j's own Spring Boot demo, unchanged but for the starter:
 * annotated services with fallbacks, a class-level annotation, {@code configs.default}, a
 * {@code baseConfig} and {@code ignoreExceptions}, from its YAML.
 */
@SpringBootTest(classes = Resilience4jDemoTest.App.class, properties = {
    "spring.config.location=classpath:resilience4j-demo.yml", "spring.main.web-application-type=none",
    "management.health.redis.enabled=false", "spring.data.redis.repositories.enabled=false",
})
class Resilience4jDemoTest {

    /** A business error: the demo's backends ignore it. */
    public static class BusinessException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusinessException(String message) {
            super(message);
        }
    }

    /** Backend A, as the demo writes it. */
    @Service
    public static class BackendAService {

        @CircuitBreaker(name = "backendA", fallbackMethod = "fallback")
        public String failure() throws IOException {
            throw new IOException("BAM!");
        }

        @CircuitBreaker(name = "backendA")
        public String ignoreException() {
            throw new BusinessException("This exception is ignored by the CircuitBreaker of backend A");
        }

        @CircuitBreaker(name = "backendA")
        public String success() {
            return "Hello World from backend A";
        }

        String fallback(IOException failure) {
            return "Recovered from IOException: " + failure.getMessage();
        }

        String fallback(CallNotPermittedException rejected) {
            return "Recovered: " + rejected.getMessage();
        }
    }

    /** Backend B: one annotation for the whole class. */
    @Service
    @CircuitBreaker(name = "backendB")
    public static class BackendBService {
        public String success() {
            return "Hello World from backend B";
        }

        public String failure() throws IOException {
            throw new IOException("BAM!");
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({BackendAService.class, BackendBService.class})
    static class App {
    }

    @Autowired
    BackendAService backendA;

    @Autowired
    BackendBService backendB;

    @Autowired
    CircuitBreakerRegistry registry;

    @Test
    void theDemoBehavesAsOnResilience4j() throws IOException {
        // backendA: default's window of 10, minimum 5, 50 %; its business errors are ignored
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(backendA::ignoreException).isInstanceOf(BusinessException.class);
        }
        assertThat(registry.find("backendA").orElseThrow().snapshot().ignored()).isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            assertThat(backendA.failure()).isEqualTo("Recovered from IOException: BAM!");
        }
        assertThat(registry.find("backendA").orElseThrow().state()).isEqualTo(CircuitState.OPEN);
        assertThat(backendA.failure()).isEqualTo(
            "Recovered: CircuitBreaker 'backendA' is OPEN and does not permit further calls");
        assertThatThrownBy(backendA::success).isInstanceOf(CircuitOpenException.class);

        // backendB: its own minimum of 10, the class-level annotation on every public method
        for (int i = 0; i < 9; i++) {
            assertThatThrownBy(backendB::failure).isInstanceOf(IOException.class);
        }
        assertThat(registry.find("backendB").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(backendB.success()).isEqualTo("Hello World from backend B");
        assertThat(registry.find("backendB").orElseThrow().state()).isEqualTo(CircuitState.OPEN); // 9 of 10 failed
        assertThat(registry.find("backendB").orElseThrow().config().recoveryTimeout()).hasSeconds(5);
        assertThat(registry.find("backendA").orElseThrow().config().halfOpenMaxCalls()).isEqualTo(3);
        assertThat(registry.find("backendA").orElseThrow().config().automaticHalfOpen()).isTrue();
        assertThat(registry.find("backendB").orElseThrow().config().automaticHalfOpen()).isTrue(); // from default
    }
}
