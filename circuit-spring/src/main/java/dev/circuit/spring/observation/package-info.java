/**
 * Micrometer observations of protected calls.
 */
@NullMarked
package dev.circuit.spring.observation;

import org.jspecify.annotations.NullMarked;
