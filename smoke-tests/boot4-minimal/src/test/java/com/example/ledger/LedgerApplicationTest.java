package com.example.ledger;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.util.ClassUtils;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** circuit with spring-boot-starter alone: protected calls, fallbacks taking exceptions, the registry. */
@SpringBootTest
class LedgerApplicationTest {

    @Autowired
    private LedgerExport export;

    @Autowired
    private RemoteStore store;

    @Autowired
    private CircuitBreakerRegistry registry;

    @Test
    void linesAreSentThenKeptWhileTheStoreIsDownAndTheCircuitOpens() throws IOException {
        assertThat(export.export("a")).isEqualTo("sent");
        store.down(true);
        assertThat(export.export("b")).isEqualTo("kept: store unreachable");
        assertThat(export.export("c")).isEqualTo("kept: store unreachable");
        assertThat(export.export("d")).startsWith("kept: circuit open until ");
        assertThat(export.kept()).containsExactly("b", "c", "d");
        assertThat(registry.find("metrics_export").orElseThrow().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void theClassPathHasNoWebActuatorMicrometerOrAspectJ() {
        assertThat(ClassUtils.isPresent("org.springframework.web.servlet.DispatcherServlet", null)).isFalse();
        assertThat(ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", null)).isFalse();
        assertThat(ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", null)).isFalse();
        assertThat(ClassUtils.isPresent("reactor.core.publisher.Mono", null)).isFalse();
        assertThat(ClassUtils.isPresent("org.aspectj.weaver.Advice", null)).as("no AspectJ: Boot's own proxying").isFalse();
    }
}
