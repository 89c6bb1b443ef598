/**
 * Ahead-of-time processing: the fallback methods of {@code @CircuitProtected} beans are registered for
 * reflection.
 */
@NullMarked
package dev.circuit.spring.aot;

import org.jspecify.annotations.NullMarked;
