package trainyard.train;

import java.util.List;
import trainyard.model.Network;

/**
 * What one fit produced, in one of three shapes: finished (test measured; with early
 * stopping, stoppedEpoch is the epoch training stopped after, null when it ran every epoch,
 * and bestEpoch the best one, whose weights the network holds when restore_best asked for
 * them); diverged (divergedEpoch names the epoch whose loss stopped being finite, test is
 * null); or paused at the epoch budget it was given (test null, its checkpoint saved).
 */
public record TrainingOutcome(List<EpochResult> history, Evaluation test, double trainSeconds,
                              Integer divergedEpoch, Integer stoppedEpoch, Integer bestEpoch, Diagnostics diagnostics,
                              Network network) {
    public TrainingOutcome {
        history = List.copyOf(history);
    }

    static TrainingOutcome diverged(List<EpochResult> history, double trainSeconds, int epoch, Network network) {
        return new TrainingOutcome(history, null, trainSeconds, epoch, null, null, null, network);
    }

    /** Stopped at an epoch budget; the network is null when nothing was trained (the checkpoint was already there). */
    static TrainingOutcome paused(List<EpochResult> history, double trainSeconds, Network network) {
        return new TrainingOutcome(history, null, trainSeconds, null, null, null, null, network);
    }

    public boolean isDiverged() {
        return divergedEpoch != null;
    }

    public boolean isPaused() {
        return test == null && divergedEpoch == null;
    }
}
