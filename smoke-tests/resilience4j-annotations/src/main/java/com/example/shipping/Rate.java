package com.example.shipping;

import java.math.BigDecimal;

/** The carrier's rate for a parcel, or why there is none. */
public record Rate(String parcel, BigDecimal amount, String note) {
}
