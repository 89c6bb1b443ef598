package com.example.stock;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class StockController {

    private final PartnerClient partner;

    public StockController(PartnerClient partner) {
        this.partner = partner;
    }

    @GetMapping("/stock/{sku}")
    public Stock stock(@PathVariable String sku) {
        return partner.stock(sku);
    }
}
