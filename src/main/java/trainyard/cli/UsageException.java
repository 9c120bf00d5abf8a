package trainyard.cli;

/** A command line that cannot be understood; the message says what was expected. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
