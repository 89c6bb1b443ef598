/**
 * What several features share: the hooks the endpoint offers (status sections, retune listeners), the
 * retuning of a breaker by its settings, and the bounded set of breakers created on demand.
 */
@NullMarked
package dev.circuit.spring.support;

import org.jspecify.annotations.NullMarked;
