package trainyard.sweep;

import trainyard.config.Trial;
import trainyard.results.Numbers;
import trainyard.results.RunResult;
import trainyard.results.RunStatus;

/** A trial of a sweep as the executor sees it; mutable, guarded by the executor's lock. */
final class TrialState {
    final Trial trial;
    final String runId;
    RunStatus status = RunStatus.PENDING;
    RunResult result;
    /** Train afresh when next run (--force, or --rerun-failed for a failed one); once per command. */
    boolean retrain;
    boolean doneBefore;
    /** The halving rung the trial is in (from 1); 0 outside halving. */
    int rung;
    /** Who chose this trial's values in a TPE sweep ("random start" or "TPE"); null in other sweeps. */
    String proposedBy;
    /** The epochs trained by this command in the trial's last turn ("4-9"), or null. */
    String trainedNow;
    int epoch;
    int epochs;
    double loss = Double.NaN;
    double accuracy = Double.NaN;
    /** What {@link #accuracy} holds while training: accuracy, or a regression's mae. */
    String figureName = "accuracy";

    TrialState(Trial trial, String runId) {
        this.trial = trial;
        this.runId = runId;
    }

    /** Takes a result written or read for this trial. */
    void found(RunResult stored) {
        result = stored;
        status = stored.status();
        if (stored.rung() != null) {
            rung = Math.max(rung, stored.rung());
        }
    }

    /** Needs no training to reach this epoch: finished, or paused or pruned at or past it. */
    boolean reached(int epoch) {
        return status.isFinished() || (status.isAtRung() && result.epochsDone() >= epoch);
    }

    /** Nothing left for this command: finished, or (in a halving sweep) pruned. */
    boolean settled(boolean halving) {
        return status.isFinished() || (halving && status == RunStatus.PRUNED);
    }

    /**
     * The figure a halving rung ranks by: the metric at the rung's epoch, or at the last
     * epoch of a trial that stopped early before it; NaN for a diverged or failed trial.
     */
    double figureAt(int epoch, String metric) {
        if (result == null || status.isFailure() || result.history() == null || result.history().isEmpty()) {
            return Double.NaN;
        }
        int row = Math.min(epoch, result.history().size()) - 1;
        return result.history().get(row).figure(metric);
    }

    double testAccuracy() {
        return result != null && result.test() != null && !result.test().isRegression() ? result.test().accuracy() : Double.NaN;
    }

    /** A regression's test rmse, in the target's units; NaN for a classification or without a test. */
    double testRmse() {
        return result != null && result.test() != null && result.test().isRegression() ? result.test().rmse() : Double.NaN;
    }

    /** Higher is better: the test accuracy, or a regression's rmse negated; NaN without a test. */
    double testScore() {
        return Double.isNaN(testRmse()) ? testAccuracy() : -testRmse();
    }

    /**
     * Higher is better: the last epoch's val_accuracy, or its val_rmse negated; NaN for a
     * trial without validation or not completed. What a sweep ranks by when every trial has
     * it, so that the test set is not where the best is chosen.
     */
    double validationScore() {
        if (result == null || result.test() == null || result.history() == null || result.history().isEmpty()) {
            return Double.NaN;
        }
        RunResult.Epoch last = result.history().get(result.history().size() - 1);
        if (last.valAccuracy() != null) {
            return last.valAccuracy();
        }
        return last.valRmse() == null ? Double.NaN : -last.valRmse();
    }

    /** "test accuracy 0.9762" or "test rmse 2.4100". */
    String testFigure() {
        return Double.isNaN(testRmse()) ? String.format(java.util.Locale.ROOT, "test accuracy %.4f", testAccuracy())
                : String.format(java.util.Locale.ROOT, "test rmse %.4f", testRmse());
    }

    String swept() {
        StringBuilder text = new StringBuilder();
        trial.values().forEach((key, value) -> text.append(text.isEmpty() ? "" : " ").append(key).append('=').append(Numbers.readable(value)));
        return text.toString();
    }
}
