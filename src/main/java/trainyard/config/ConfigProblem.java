package trainyard.config;

import java.nio.file.Path;

/** One fault in an experiment file, printed as `FILE:LINE:COLUMN: message`. */
public record ConfigProblem(Path file, SourcePosition position, String message) {
    @Override
    public String toString() {
        return file + ":" + position.line() + ":" + position.column() + ": " + message;
    }
}
