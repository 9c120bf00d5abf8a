package trainyard.sweep;

import trainyard.config.Trial;
import trainyard.results.Numbers;
import trainyard.results.RunResult;

/** A trial of a sweep as the executor sees it; mutable, guarded by the executor's lock. */
final class TrialState {
    enum Status {
        PENDING, RUNNING, COMPLETED, DIVERGED, FAILED,
        /** Running when Ctrl-C came: abandoned, nothing written for it; the next run trains it. */
        INTERRUPTED;

        String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final Trial trial;
    final String runId;
    Status status = Status.PENDING;
    RunResult result;
    boolean doneBefore;
    int epoch;
    int epochs;
    double loss = Double.NaN;
    double accuracy = Double.NaN;

    TrialState(Trial trial, String runId) {
        this.trial = trial;
        this.runId = runId;
    }

    void finish(RunResult finished) {
        result = finished;
        status = switch (finished.status()) {
            case RunResult.COMPLETED -> Status.COMPLETED;
            case RunResult.DIVERGED -> Status.DIVERGED;
            default -> Status.FAILED;
        };
    }

    double testAccuracy() {
        return result != null && result.test() != null ? result.test().accuracy() : Double.NaN;
    }

    String swept() {
        StringBuilder text = new StringBuilder();
        trial.values().forEach((key, value) -> text.append(text.isEmpty() ? "" : " ").append(key).append('=').append(Numbers.readable(value)));
        return text.toString();
    }
}
