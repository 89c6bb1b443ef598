/**
 * Fleet mode: replicas share trips, probe leases and operator actions through Redis.
 */
@NullMarked
package dev.circuit.spring.cluster;

import org.jspecify.annotations.NullMarked;
