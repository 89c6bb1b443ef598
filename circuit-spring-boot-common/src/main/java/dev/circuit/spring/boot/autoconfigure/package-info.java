/**
 * Spring Boot auto-configuration, one class per concern, with the {@code circuit.*} properties, the
 * configured breakers and the failure analyzers. The same sources serve Boot 3.5 and 4; the few classes
 * written against one Boot line live in that line's starter.
 */
@NullMarked
package dev.circuit.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
