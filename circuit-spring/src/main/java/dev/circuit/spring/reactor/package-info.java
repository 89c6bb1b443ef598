/**
 * Protection of Reactor's {@code Mono} and {@code Flux}, shared by the annotation, the {@code WebClient}
 * filter and the Spring Cloud reactive factory.
 */
@NullMarked
package dev.circuit.spring.reactor;

import org.jspecify.annotations.NullMarked;
