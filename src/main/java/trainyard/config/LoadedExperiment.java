package trainyard.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * A spec together with where each of its values was written, so that faults found
 * later (an output layer that does not fit the dataset) still point at a line.
 * Paths are dotted keys as in the file: `model.layers[1].dense`, `training.epochs`.
 */
public record LoadedExperiment(ExperimentSpec spec, Path file, Map<String, SourcePosition> positions) {
    public LoadedExperiment {
        positions = Map.copyOf(positions);
    }

    /** The position of a key's value, or of its closest written parent, or the file's start. */
    public SourcePosition positionOf(String path) {
        String probe = path;
        while (!probe.isEmpty()) {
            SourcePosition position = positions.get(probe);
            if (position != null) {
                return position;
            }
            int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
            probe = cut < 0 ? "" : probe.substring(0, cut);
        }
        return SourcePosition.START;
    }

    public ConfigException problemAt(String path, String message) {
        return new ConfigException(new ConfigProblem(file, positionOf(path), message));
    }
}
