package trainyard.config;

import java.nio.file.Path;

/**
 * One fault in an experiment, printed as `FILE:LINE:COLUMN: message`, or as
 * `command line, argument N: message` when it is in a command-line override.
 */
public record ConfigProblem(Path file, SourcePosition position, String message) {
    /** A message quotes what the file says: a newline, a NUL or U+202E in it must not split, hide or reverse the line. */
    public ConfigProblem {
        message = trainyard.files.UserText.escaped(message);
    }

    /** The file of faults found in command-line overrides; the column is the argument's number. */
    public static final Path COMMAND_LINE = Path.of("<command line>");

    static ConfigProblem at(Path file, org.yaml.snakeyaml.error.Mark mark, String message) {
        if (mark == null) {
            return new ConfigProblem(file, SourcePosition.START, message);
        }
        if (YamlTrees.COMMAND_LINE.equals(mark.getName())) {
            return new ConfigProblem(COMMAND_LINE, new SourcePosition(1, mark.getColumn() + 1), message);
        }
        return new ConfigProblem(file, new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1), message);
    }

    @Override
    public String toString() {
        if (file.equals(COMMAND_LINE)) {
            return "command line, argument " + position.column() + ": " + message;
        }
        return file + ":" + position.line() + ":" + position.column() + ": " + message;
    }
}
