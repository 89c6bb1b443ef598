package com.example.shipping;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The warehouse's stock levels, with the JDK's HTTP client. The annotation is on the class, and its name
 * ({@code inventory}) is configured nowhere: {@code resilience4j.circuitbreaker.configs.default} applies.
 */
@Service
@CircuitBreaker(name = "inventory", fallbackMethod = "unknownStock")
public class StockLevels {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI warehouse;

    public StockLevels(@Value("${warehouse.url}") URI warehouse) {
        this.warehouse = warehouse;
    }

    public Stock stock(String sku) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(warehouse.resolve("/stock/" + sku)).timeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("warehouse answered " + response.statusCode());
        }
        return new Stock(sku, Integer.valueOf(response.body().trim()), "from the warehouse");
    }

    Stock unknownStock(String sku, IOException failure) {
        return new Stock(sku, null, "warehouse unreachable: " + failure.getClass().getSimpleName());
    }

    /** Anything else, a rejection of the open circuit included. */
    Stock unknownStock(String sku, Throwable other) {
        return new Stock(sku, null, "stock unknown: " + other.getClass().getSimpleName());
    }
}
