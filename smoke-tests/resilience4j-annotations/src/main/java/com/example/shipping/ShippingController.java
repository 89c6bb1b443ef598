package com.example.shipping;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

@RestController
public class ShippingController {

    private final CarrierRates rates;
    private final StockLevels stock;

    public ShippingController(CarrierRates rates, StockLevels stock) {
        this.rates = rates;
        this.stock = stock;
    }

    @GetMapping("/rates/{parcel}")
    public Rate rate(@PathVariable String parcel) {
        return rates.rate(parcel);
    }

    @GetMapping("/stock/{sku}")
    public Stock stock(@PathVariable String sku) throws IOException, InterruptedException {
        return stock.stock(sku);
    }
}
