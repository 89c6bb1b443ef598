package com.example.shipping;

import dev.circuit.core.CircuitOpenException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/** The carrier's rates, over its HTTP API; Resilience4j's annotation as the application always had it. */
@Service
public class CarrierRates {

    private final RestClient carrier;

    public CarrierRates(@Value("${carrier.url}") String carrierUrl) {
        this.carrier = RestClient.create(carrierUrl);
    }

    @CircuitBreaker(name = "carrier", fallbackMethod = "rateUnavailable")
    public Rate rate(String parcel) {
        return carrier.get().uri("/rates/{parcel}", parcel).retrieve()
            .onStatus(status -> status.value() == HttpStatus.NOT_FOUND.value(), (request, response) -> {
                throw new UnknownParcelException(parcel);
            })
            .body(Rate.class);
    }

    /** The circuit is open: the carrier was not called. */
    private Rate rateUnavailable(String parcel, CircuitOpenException open) {
        return new Rate(parcel, null, "carrier circuit open, next try at " + open.nextAttemptAt());
    }

    private Rate rateUnavailable(String parcel, UnknownParcelException unknown) {
        return new Rate(parcel, null, "no such parcel");
    }

    private Rate rateUnavailable(String parcel, Throwable failure) {
        return new Rate(parcel, null, "carrier failed: " + failure.getClass().getSimpleName());
    }
}
