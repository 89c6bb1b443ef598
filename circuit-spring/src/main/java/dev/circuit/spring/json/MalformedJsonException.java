package dev.circuit.spring.json;

/**
 * Text that is not the JSON {@link Json} was asked to read. The message says where (a character offset in
 * the text) and what was expected there.
 */
public class MalformedJsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    /**
     * Creates the exception.
     *
     * @param offset the character offset in the text where reading stopped
     * @param detail what was expected, and what was found
     */
    public MalformedJsonException(int offset, String detail) {
        super("Malformed JSON at offset " + offset + ": " + detail);
        this.offset = offset;
    }

    /** @return the character offset in the text where reading stopped */
    public int offset() {
        return offset;
    }
}
