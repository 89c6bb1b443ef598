/**
 * The breakers' properties and how they become configurations: one field per engine setting, each
 * setting found once by name, and the layered factory (engine defaults, predefined breakers,
 * {@code circuit.defaults}, shared configurations, the breaker's own entry).
 */
@NullMarked
package dev.circuit.spring.boot.config;

import org.jspecify.annotations.NullMarked;
