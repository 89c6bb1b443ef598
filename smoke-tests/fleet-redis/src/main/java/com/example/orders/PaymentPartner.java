package com.example.orders;

import dev.circuit.core.CircuitOpenException;
import dev.circuit.spring.annotation.CircuitProtected;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** The payment partner; every replica of this service protects it with the same breaker, shared as a fleet. */
@Service
public class PaymentPartner {

    private final RestClient partner;

    public PaymentPartner(@Value("${payments.url}") String paymentsUrl) {
        this.partner = RestClient.create(paymentsUrl);
    }

    @CircuitProtected(value = "payments", fallbackMethod = "notCharged")
    public Charge charge(String order) {
        return partner.get().uri("/charges/{order}", order).retrieve().body(Charge.class);
    }

    Charge notCharged(String order, CircuitOpenException rejected) {
        return new Charge(order, "PENDING", "payments circuit open, next try at " + rejected.nextAttemptAt());
    }

    Charge notCharged(String order, RestClientException failure) {
        return new Charge(order, "PENDING", "payments failed: " + failure.getClass().getSimpleName());
    }
}
