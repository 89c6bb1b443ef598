package dev.circuit.spring.alert;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.boot.autoconfigure.CircuitAlertsAutoConfiguration;
import dev.circuit.spring.boot.autoconfigure.CircuitAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** With Spring Boot's JSON (structured) logging, a transition's key-value pairs become fields. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({CircuitAutoConfiguration.class, CircuitAlertsAutoConfiguration.class})
    static class App {
    }

    @Test
    void aTransitionIsOneJsonLineWithItsFigures(CapturedOutput output) {
        SpringApplication application = new SpringApplication(App.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        try (ConfigurableApplicationContext context = application.run("--logging.structured.format.console=ecs",
            "--circuit.breakers.kafka.failure-threshold=1")) {
            context.getBean(CircuitBreakerRegistry.class).find("kafka").orElseThrow()
                .recordFailure(new IOException("broker down"));
        }
        String line = output.getOut().lines().filter(l -> l.contains("Circuit breaker 'kafka' CLOSED -> OPEN"))
            .findFirst().orElseThrow(() -> new AssertionError("no transition logged in:\n" + output.getOut()));
        assertThat(line).startsWith("{").contains("\"log\":{\"level\":\"ERROR\"", "\"breaker\":\"kafka\"",
            "\"from\":\"CLOSED\"", "\"to\":\"OPEN\"", "\"reason\":\"1 consecutive failure\"", "\"consecutiveFailures\":1");
    }
}
