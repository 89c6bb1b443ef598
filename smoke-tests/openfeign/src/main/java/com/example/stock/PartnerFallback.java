package com.example.stock;

import dev.circuit.core.CircuitOpenException;
import org.springframework.cloud.openfeign.FallbackFactory;
import org.springframework.stereotype.Component;

/** What the client answers when a call fails, or is rejected because the circuit is open. */
@Component
public class PartnerFallback implements FallbackFactory<PartnerClient> {

    @Override
    public PartnerClient create(Throwable cause) {
        return sku -> cause instanceof CircuitOpenException rejected
            ? new Stock(sku, null, "partner circuit open, next try at " + rejected.nextAttemptAt())
            : new Stock(sku, null, "partner failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
