package com.example.prices;

import java.math.BigDecimal;

/** A price, or why there is none. */
public record Price(String sku, BigDecimal amount, String note) {
}
