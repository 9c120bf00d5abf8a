package trainyard.train;

import java.util.List;
import trainyard.model.Network;

/**
 * What one fit produced. For a diverged run, test is null and divergedEpoch names the
 * epoch whose loss stopped being finite.
 */
public record TrainingOutcome(Status status, List<EpochResult> history, Evaluation test, double trainSeconds,
                              Integer divergedEpoch, Network network) {
    public enum Status {
        COMPLETED, DIVERGED;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TrainingOutcome {
        history = List.copyOf(history);
    }
}
