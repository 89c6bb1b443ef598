package com.example.prices;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PriceController {

    private final PartnerPrices prices;

    public PriceController(PartnerPrices prices) {
        this.prices = prices;
    }

    @GetMapping("/prices/{sku}")
    public Price price(@PathVariable String sku) {
        return prices.price(sku);
    }
}
