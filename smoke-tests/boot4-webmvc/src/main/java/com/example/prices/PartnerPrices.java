package com.example.prices;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

@Service
public class PartnerPrices {

    private final RestClient partner;

    public PartnerPrices(@Value("${partner.url}") String partnerUrl) {
        this.partner = RestClient.create(partnerUrl);
    }

    @CircuitProtected(value = "partner", fallbackMethod = "noPrice")
    public Price price(String sku) {
        return partner.get().uri("/prices/{sku}", sku).retrieve().body(Price.class);
    }

    Price noPrice(String sku, CircuitOpenException rejected) {
        return new Price(sku, null, rejected.getMessage()); // names the breaker, its state and the next attempt
    }

    Price noPrice(String sku, ResourceAccessException unreachable) { // the most specific fallback wins
        return new Price(sku, null, "partner unreachable");
    }

    Price noPrice(String sku, RestClientException failure) {
        return new Price(sku, null, "partner failed: " + failure.getMessage());
    }
}
