package trainyard.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import trainyard.train.EpochResult;
import trainyard.train.Evaluation;

/**
 * The contents of result.json, field for field (snake_case in the file).
 *
 * @param status          completed | failed | diverged
 * @param config          the fully resolved experiment, itself a valid experiment file
 * @param test            null unless completed
 * @param dataset         the dataset's name and checksum, part of the run_id
 * @param divergedAtEpoch the epoch whose loss stopped being finite, for diverged runs
 * @param stoppedEpoch    with early stopping, the epoch training stopped after (absent when it ran every epoch)
 * @param bestEpoch       with early stopping, the best epoch (whose weights the model holds with restore_best)
 * @param message         what went wrong, for failed runs
 * @param diagnostics     for completed runs: the test set's confusion matrix and the most confident mistakes,
 *                        with their pixels, for the report
 * @param formatVersion   bumped when this schema changes meaning; part of the run_id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResult(String experiment, String runId, String status, Map<String, Object> config, long params,
                        List<EpochResult> history, Evaluation test, double trainSeconds, String startedAt,
                        Environment environment, DatasetInfo dataset, Integer divergedAtEpoch, Integer stoppedEpoch,
                        Integer bestEpoch, String message, Diagnostics diagnostics, int formatVersion) {
    public static final int FORMAT_VERSION = 1;
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String DIVERGED = "diverged";

    /** The confusion matrix ([true][predicted]) and the test images classified wrong with the most confidence. */
    public record Diagnostics(int[][] confusionMatrix, List<Mistake> confidentMistakes) {
    }

    /**
     * @param pixels the image's bytes, base64, row by row; shape gives its dimensions
     */
    public record Mistake(int index, int label, int predicted, double probability, int[] shape, String pixels) {
    }

    public record DatasetInfo(String name, String checksum, int trainSamples, int testSamples, int classes, int features) {
    }

    @JsonIgnore // a question about the record, not a field of result.json
    public boolean isCompleted() {
        return COMPLETED.equals(status) && test != null && formatVersion == FORMAT_VERSION;
    }

    /** A finished outcome: completed, or failed or diverged (which --rerun-failed retries). */
    @JsonIgnore
    public boolean isFinished() {
        return formatVersion == FORMAT_VERSION && (isCompleted() || FAILED.equals(status) || DIVERGED.equals(status));
    }
}
