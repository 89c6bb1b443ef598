package com.example.stock;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.stereotype.Service;

import java.io.IOException;

/** What the shop shows: the warehouse's count, or what it can say without one. */
@Service
public class Stock {

    private final Warehouse warehouse;

    public Stock(Warehouse warehouse) {
        this.warehouse = warehouse;
    }

    @CircuitProtected("warehouse")
    public int count(String sku) throws IOException {
        return warehouse.count(sku);
    }

    @CircuitProtected(value = "warehouse", fallbackMethod = "unknown")
    public String available(String sku) throws IOException {
        return warehouse.count(sku) + " in stock";
    }

    String unknown(String sku, CircuitOpenException rejected) {
        return "stock unknown until " + rejected.nextAttemptAt();
    }

    String unknown(String sku, IOException failure) {
        return "stock unknown: " + failure.getMessage();
    }
}
