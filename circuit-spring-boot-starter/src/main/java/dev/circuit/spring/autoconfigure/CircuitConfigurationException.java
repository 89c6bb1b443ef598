package dev.circuit.spring.autoconfigure;

/**
 * A circuit property holds a value that is not allowed. Start-up fails with it, and
 * {@link CircuitConfigurationFailureAnalyzer} turns it into a report naming the property, the value
 * and what is allowed.
 */
public final class CircuitConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;
    private final String allowed;

    /**
     * Creates the exception.
     *
     * @param property the property, such as {@code circuit.breakers.kafka.failure-threshold}
     * @param value    the value it holds
     * @param allowed  what it accepts
     */
    public CircuitConfigurationException(String property, Object value, String allowed) {
        super("Invalid value '" + value + "' for property '" + property + "': allowed is " + allowed);
        this.property = property;
        this.value = String.valueOf(value);
        this.allowed = allowed;
    }

    /** @return the property that holds the bad value */
    public String property() {
        return property;
    }

    /** @return the bad value */
    public String value() {
        return value;
    }

    /** @return what the property accepts */
    public String allowed() {
        return allowed;
    }
}
