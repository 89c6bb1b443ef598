/**
 * {@code @CircuitProtected}: the annotation, the advisor that applies it wherever it is (classes, methods,
 * interfaces), the per-method protections and fallbacks resolved once at start-up, and the validator that
 * fails start-up on an annotation that cannot be applied.
 */
@NullMarked
package dev.circuit.spring.annotation;

import org.jspecify.annotations.NullMarked;
