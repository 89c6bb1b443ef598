/**
 * A breaker per remote host for {@code RestClient} (an interceptor) and {@code WebClient} (a filter).
 */
@NullMarked
package dev.circuit.spring.http;

import org.jspecify.annotations.NullMarked;
