package trainyard.config;

import java.nio.file.Path;
import java.util.List;

/**
 * What `run` will do with a file and its overrides: one trial, or a sweep's trials, every
 * one of them already checked like a hand-written file.
 *
 * @param sweep null for a single run
 */
public record ExperimentPlan(Path file, String name, SweepSpec sweep, List<Trial> trials) {
    public ExperimentPlan {
        trials = List.copyOf(trials);
    }

    public boolean isSweep() {
        return sweep != null;
    }
}
