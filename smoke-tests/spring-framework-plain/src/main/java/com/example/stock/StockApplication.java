package com.example.stock;

import dev.circuit.core.CircuitBreakerConfig;
import dev.circuit.core.CircuitBreakerRegistry;
import dev.circuit.spring.annotation.EnableCircuitProtection;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** A plain Spring application, no Boot: the stock of a shop, read from a warehouse that sometimes fails. */
@Configuration
@ComponentScan
@EnableCircuitProtection
public class StockApplication {

    /** The breakers: "warehouse" opens after three failures in a row and tries again after 30 s. */
    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of();
        registry.breaker("warehouse", CircuitBreakerConfig.builder()
            .failureThreshold(3)
            .recoveryTimeout(Duration.ofSeconds(30))
            .build());
        return registry;
    }

    public static void main(String[] args) throws Exception {
        try (var context = new AnnotationConfigApplicationContext(StockApplication.class)) {
            Stock stock = context.getBean(Stock.class);
            System.out.println(stock.available("sku-1"));
        }
    }
}
