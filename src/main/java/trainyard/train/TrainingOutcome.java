package trainyard.train;

import java.util.List;
import trainyard.model.Network;

/**
 * What one fit produced, in one of three shapes: finished (test measured; with early
 * stopping, stoppedEpoch is the epoch training stopped after, null when it ran every epoch,
 * and bestEpoch the best one, whose weights the network holds when restore_best asked for
 * them); diverged (divergedEpoch names the epoch whose loss stopped being finite, test is
 * null); or paused at the epoch budget it was given (test null, its checkpoint saved).
 *
 * @param resumedAfter the epochs taken from a checkpoint rather than trained by this fit (0 when it started afresh)
 */
public record TrainingOutcome(List<EpochResult> history, Evaluation test, double trainSeconds,
                              Integer divergedEpoch, Integer stoppedEpoch, Integer bestEpoch, Diagnostics diagnostics,
                              Network network, int resumedAfter) {
    public TrainingOutcome {
        history = List.copyOf(history);
    }

    static TrainingOutcome diverged(List<EpochResult> history, double trainSeconds, int epoch, Network network, int resumedAfter) {
        return new TrainingOutcome(history, null, trainSeconds, epoch, null, null, null, network, resumedAfter);
    }

    /** Stopped at an epoch budget; the network is null when nothing was trained (the checkpoint was already there). */
    static TrainingOutcome paused(List<EpochResult> history, double trainSeconds, Network network, int resumedAfter) {
        return new TrainingOutcome(history, null, trainSeconds, null, null, null, null, network, resumedAfter);
    }

    /** The first epoch this fit trained, or 0 when it trained none. */
    public int firstEpochTrained() {
        return history.size() > resumedAfter ? resumedAfter + 1 : 0;
    }

    /** The last epoch this fit finished, or -1 when it trained none. */
    public int lastEpochTrained() {
        return history.size() > resumedAfter ? history.size() : -1;
    }

    public boolean isDiverged() {
        return divergedEpoch != null;
    }

    public boolean isPaused() {
        return test == null && divergedEpoch == null;
    }
}
