package com.example.quotes;

import java.math.BigDecimal;

/** A quote, or why there is none. */
public record Quote(String item, BigDecimal price, String note) {
}
