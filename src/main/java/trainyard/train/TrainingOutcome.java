package trainyard.train;

import java.util.List;
import trainyard.model.Network;

/**
 * What one fit produced. For a diverged run, test is null and divergedEpoch names the
 * epoch whose loss stopped being finite. With early stopping, stoppedEpoch is the epoch
 * training stopped after (null when it ran every epoch) and bestEpoch the best one, whose
 * weights the network holds when restore_best asked for them.
 */
public record TrainingOutcome(Status status, List<EpochResult> history, Evaluation test, double trainSeconds,
                              Integer divergedEpoch, Integer stoppedEpoch, Integer bestEpoch, Diagnostics diagnostics,
                              Network network) {
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
