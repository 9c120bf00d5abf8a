package trainyard.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * A spec together with where each of its values was written, so that faults found
 * later (an output layer that does not fit the dataset) still point at a line.
 * Paths are dotted keys as in the file: `model.layers[1].dense`, `training.epochs`.
 */
public record LoadedExperiment(ExperimentSpec spec, Path file, Map<String, Location> positions) {
    /** Where a value was written: in the file, or in a command-line argument. */
    public record Location(Path file, SourcePosition position) {
    }

    public LoadedExperiment {
        positions = Map.copyOf(positions);
    }

    /** Where a key's value was written, or its closest written parent, or the file's start. */
    public Location positionOf(String path) {
        return positionOf(positions, file, path);
    }

    /** The search of {@link #positionOf}, for a reader that has positions but no spec yet. */
    static Location positionOf(Map<String, Location> positions, Path file, String path) {
        String probe = path;
        while (!probe.isEmpty()) {
            Location location = positions.get(probe);
            if (location != null) {
                return location;
            }
            int cut = Math.max(probe.lastIndexOf('.'), probe.lastIndexOf('['));
            probe = cut < 0 ? "" : probe.substring(0, cut);
        }
        return new Location(file, SourcePosition.START);
    }

    public ConfigException problemAt(String path, String message) {
        Location location = positionOf(path);
        return new ConfigException(new ConfigProblem(location.file(), location.position(), message));
    }
}
