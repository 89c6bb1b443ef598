/**
 * Recovery probes: a {@code RecoveryProbe} checks the dependency on a schedule while a breaker is open.
 */
@NullMarked
package dev.circuit.spring.recovery;

import org.jspecify.annotations.NullMarked;
