package trainyard.data;

import java.nio.file.Path;

/** A dataset file that is missing, foreign, truncated or inconsistent; the message names the file. */
public final class DataException extends Exception {
    private final Path file;

    public DataException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    public DataException(String message) {
        super(message);
        this.file = null;
    }

    public Path file() {
        return file;
    }
}
