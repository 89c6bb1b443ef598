package com.example.stock;

/** A partner's stock of an item, or why it is not known. */
public record Stock(String sku, Integer quantity, String note) {
}
