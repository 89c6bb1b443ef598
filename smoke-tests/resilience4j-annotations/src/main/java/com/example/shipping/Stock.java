package com.example.shipping;

/** How many of an item the warehouse holds, or why that is unknown. */
public record Stock(String sku, Integer count, String note) {
}
