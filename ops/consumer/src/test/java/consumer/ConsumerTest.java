package consumer;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import dev.circuit.spring.annotation.CircuitProtected;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The consumer starts with the starter's defaults, configures a breaker in properties and trips it. */
class ConsumerTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        Partner partner() {
            return new Partner();
        }
    }

    /** A dependency that is down. */
    public static class Partner {
        @CircuitProtected("partner")
        public String call() throws IOException {
            throw new ConnectException("partner down");
        }
    }

    @Test
    void theBreakerTripsAndRejects() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE).properties("circuit.breakers.partner.failure-threshold=2").run()) {
            Partner partner = context.getBean(Partner.class);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(partner::call).isInstanceOf(ConnectException.class);
            }
            assertThatThrownBy(partner::call).isInstanceOf(CircuitOpenException.class).hasMessageContaining("partner");
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("partner").orElseThrow().state())
                .isEqualTo(CircuitState.OPEN);
        }
    }
}
