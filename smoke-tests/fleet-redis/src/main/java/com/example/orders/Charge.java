package com.example.orders;

/** The payment partner's answer for an order, or why there is none. */
public record Charge(String order, String status, String note) {
}
