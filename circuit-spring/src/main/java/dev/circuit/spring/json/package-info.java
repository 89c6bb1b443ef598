/**
 * The JSON that crosses a process (fleet messages, webhook payloads), written and read without any library:
 * {@link dev.circuit.spring.json.Json}. What several features share, in a package of its own.
 */
@NullMarked
package dev.circuit.spring.json;

import org.jspecify.annotations.NullMarked;
