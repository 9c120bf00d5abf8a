package trainyard.config;

/** A 1-based line and column in an experiment file. */
public record SourcePosition(int line, int column) {
    public static final SourcePosition START = new SourcePosition(1, 1);
}
