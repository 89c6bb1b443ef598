/**
 * Spring Cloud CircuitBreaker's factories (blocking and reactive) over the registry.
 */
@NullMarked
package dev.circuit.spring.cloud;

import org.jspecify.annotations.NullMarked;
