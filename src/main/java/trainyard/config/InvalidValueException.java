package trainyard.config;

/**
 * Thrown by a record's compact constructor when one of its values breaks a rule.
 * Carries the key so that the loader can point at the right line of the file.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private final String key;

    public InvalidValueException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The message without the key in front, for callers that print the key themselves. */
    public String rule() {
        return getMessage().substring(key.length() + 2);
    }
}
