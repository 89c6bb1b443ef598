package dev.circuit.core.internal;

/** Stands for a recovery probe whose check returned false, in the history and for listeners. */
final class ProbeDownException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ProbeDownException(String breakerName) {
        super("recovery probe of '" + breakerName + "' reported the dependency still down", null, false, false);
    }
}
