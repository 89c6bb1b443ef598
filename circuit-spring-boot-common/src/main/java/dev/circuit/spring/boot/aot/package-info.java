/**
 * Runtime hints for binding the properties in a native image.
 */
@NullMarked
package dev.circuit.spring.boot.aot;

import org.jspecify.annotations.NullMarked;
