package trainyard.config;

import java.util.Map;

/**
 * One configuration to train: a fully resolved experiment and the swept values that
 * made it (empty for a single run), by their dotted key paths.
 */
public record Trial(LoadedExperiment experiment, Map<String, Object> values) {
    public ExperimentSpec spec() {
        return experiment.spec();
    }
}
