package com.example.stock;

import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.core.CircuitOpenException;
import dev.circuit.core.CircuitState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.SpringVersion;
import org.springframework.util.ClassUtils;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application as it runs: Spring Framework 6.2, circuit-spring, no Boot. */
class StockApplicationTest {

    private final AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(StockApplication.class);
    private final Stock stock = context.getBean(Stock.class);
    private final Warehouse warehouse = context.getBean(Warehouse.class);

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void failuresPassThroughThenTheCircuitOpensAndCallsFailFastWithoutReachingTheWarehouse() throws IOException {
        assertThat(stock.count("sku-1")).isEqualTo(12);
        warehouse.down(true);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> stock.count("sku-1")).isInstanceOf(IOException.class)
                .hasMessage("warehouse unreachable");
        }
        int reached = warehouse.calls();

        assertThatThrownBy(() -> stock.count("sku-1")).isInstanceOfSatisfying(CircuitOpenException.class,
            rejected -> assertThat(rejected.breakerName()).isEqualTo("warehouse"));
        assertThat(warehouse.calls()).isEqualTo(reached);
        assertThat(context.getBean(CircuitBreakerRegistry.class).find("warehouse").orElseThrow().state())
            .isEqualTo(CircuitState.OPEN);
    }

    @Test
    void theFallbackAnswersForAFailureAndForAnOpenCircuit() throws IOException {
        assertThat(stock.available("sku-1")).isEqualTo("12 in stock");
        warehouse.down(true);
        for (int i = 0; i < 3; i++) {
            assertThat(stock.available("sku-1")).isEqualTo("stock unknown: warehouse unreachable");
        }
        assertThat(stock.available("sku-1")).startsWith("stock unknown until ");
    }

    @Test
    void itRunsOnSpringFramework62WithoutSpringBootOrAspectJ() {
        assertThat(SpringVersion.getVersion()).startsWith("6.2.");
        assertThat(ClassUtils.isPresent("org.springframework.boot.SpringApplication", null)).isFalse();
        assertThat(ClassUtils.isPresent("org.aspectj.weaver.Advice", null)).isFalse();
    }
}
