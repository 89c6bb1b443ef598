package com.example.stock;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The partner's API. With spring.cloud.openfeign.circuitbreaker.enabled each method runs through Spring
 * Cloud's CircuitBreakerFactory (circuit's), in a breaker OpenFeign names after the method:
 * PartnerClient#stock(String) with the non-alphanumeric characters removed, PartnerClientstockString.
 */
@FeignClient(name = "partner", url = "${partner.url}", fallbackFactory = PartnerFallback.class)
public interface PartnerClient {

    @GetMapping("/stock/{sku}")
    Stock stock(@PathVariable("sku") String sku);
}
