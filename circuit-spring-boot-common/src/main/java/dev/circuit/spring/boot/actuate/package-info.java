/**
 * The actuator side: the {@code circuitbreakers} endpoint, what the health contributor reports of a
 * breaker, and the meter binder.
 */
@NullMarked
package dev.circuit.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
