package com.example.orders;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ChargeController {

    private final PaymentPartner payments;

    public ChargeController(PaymentPartner payments) {
        this.payments = payments;
    }

    @GetMapping("/orders/{order}/charge")
    public Charge charge(@PathVariable String order) {
        return payments.charge(order);
    }
}
