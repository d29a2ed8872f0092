package dev.vespabench.api;

/**
 * An error in a user-supplied setting, naming the setting, the value and what is expected.
 */
public class InvalidOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String option;

    /**
     * Creates an error for an invalid value.
     *
     * @param option the option or environment variable that holds the value
     * @param value the value received
     * @param expected what would be valid, such as "expected a whole number from 1 to 4096"
     */
    public InvalidOptionException(String option, String value, String expected) {
        super("invalid " + option + " '" + value + "': " + expected);
        this.option = option;
    }

    /**
     * Creates an error with a full message.
     *
     * @param option the option or environment variable concerned
     * @param message a sentence naming the value and the fix
     */
    public InvalidOptionException(String option, String message) {
        super(message);
        this.option = option;
    }

    /**
     * Returns the option or environment variable concerned.
     *
     * @return the name
     */
    public String option() {
        return option;
    }
}
