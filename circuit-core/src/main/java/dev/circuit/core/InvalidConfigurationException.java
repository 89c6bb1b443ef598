package dev.circuit.core;

/**
 * Thrown by {@link CircuitBreakerConfig.Builder} when a setting gets a value it does not allow. The
 * message names the setting, the value and what is allowed; the parts are also available one by one
 * so that a framework can point at the property that held the value.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String value;
    private final String allowed;

    /**
     * Creates the exception.
     *
     * @param setting the builder setting, such as {@code failureThreshold}
     * @param value   the rejected value as text
     * @param allowed what the setting accepts, such as {@code an integer >= 0}
     */
    public InvalidConfigurationException(String setting, Object value, String allowed) {
        super("Invalid " + setting + ": " + value + " (allowed: " + allowed + ")");
        this.setting = setting;
        this.value = String.valueOf(value);
        this.allowed = allowed;
    }

    /**
     * The name of the rejected setting.
     *
     * @return the builder setting name
     */
    public String setting() {
        return setting;
    }

    /**
     * The rejected value.
     *
     * @return the value as text
     */
    public String value() {
        return value;
    }

    /**
     * What the setting accepts.
     *
     * @return a description of the allowed values
     */
    public String allowed() {
        return allowed;
    }
}
