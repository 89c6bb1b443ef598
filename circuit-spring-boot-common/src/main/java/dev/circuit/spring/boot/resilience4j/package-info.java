/**
 * Resilience4j compatibility: its {@code resilience4j.circuitbreaker.*} YAML read with its meaning and
 * defaults, and its auto-configuration.
 */
@NullMarked
package dev.circuit.spring.boot.resilience4j;

import org.jspecify.annotations.NullMarked;
