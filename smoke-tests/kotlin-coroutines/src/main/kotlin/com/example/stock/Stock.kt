package com.example.stock

/** How many of an item the partner holds. */
data class Stock(val sku: String, val level: Int)

/** One change of a stock level, and why. */
data class Move(val change: Int, val reason: String)
