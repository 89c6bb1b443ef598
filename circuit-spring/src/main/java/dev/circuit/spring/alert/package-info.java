/**
 * Listeners that tell people: the transition logger and the webhook alerter.
 */
@NullMarked
package dev.circuit.spring.alert;

import org.jspecify.annotations.NullMarked;
