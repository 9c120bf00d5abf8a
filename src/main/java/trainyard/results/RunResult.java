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
 * @param status          completed | failed | diverged, or for successive halving's trials paused | pruned
 * @param config          the fully resolved experiment, itself a valid experiment file
 * @param test            null unless completed
 * @param dataset         the dataset's name and checksum, part of the run_id
 * @param divergedAtEpoch the epoch whose loss stopped being finite, for diverged runs
 * @param stoppedEpoch    with early stopping, the epoch training stopped after (absent when it ran every epoch)
 * @param bestEpoch       with early stopping, the best epoch (whose weights the model holds with restore_best)
 * @param epochsTrained   epochs trained so far (absent in results written before it was recorded)
 * @param rung            for a successive-halving trial, the last rung it reached, from 1
 * @param message         what went wrong, for failed runs
 * @param diagnostics     for completed runs: the test set's confusion matrix and the most confident mistakes,
 *                        with their pixels, for the report
 * @param formatVersion   bumped when this schema changes meaning; part of the run_id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunResult(String experiment, String runId, RunStatus status, Map<String, Object> config, long params,
                        List<Epoch> history, Figures test, double trainSeconds, String startedAt,
                        Environment environment, DatasetInfo dataset, Integer divergedAtEpoch, Integer stoppedEpoch,
                        Integer bestEpoch, Integer epochsTrained, Integer rung, String message, Diagnostics diagnostics,
                        int formatVersion) {
    public static final int FORMAT_VERSION = 1;

    /**
     * One epoch's figures, as Keras's History holds them: loss and accuracy (a regression's mae
     * and rmse, in the target's units, instead) are the mean over the epoch's batches, the
     * validation figures (null without validation) are measured after it; learningRate is the
     * rate of its last step (null in results written before it was recorded).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Epoch(int epoch, double loss, Double accuracy, Double valLoss, Double valAccuracy, double seconds,
                        Double learningRate, Double mae, Double rmse, Double valMae, Double valRmse) {
        /** A classification's epoch. */
        public Epoch(int epoch, double loss, double accuracy, Double valLoss, Double valAccuracy, double seconds, Double learningRate) {
            this(epoch, loss, (Double) accuracy, valLoss, valAccuracy, seconds, learningRate, null, null, null, null);
        }

        public static Epoch of(EpochResult epoch) {
            return new Epoch(epoch.epoch(), epoch.loss(), epoch.accuracy(), epoch.valLoss(), epoch.valAccuracy(), epoch.seconds(),
                    epoch.learningRate(), epoch.mae(), epoch.rmse(), epoch.valMae(), epoch.valRmse());
        }

        public EpochResult toTraining() {
            return new EpochResult(epoch, loss, accuracy, valLoss, valAccuracy, seconds, learningRate, mae, rmse, valMae, valRmse);
        }

        /** The figure a halving rung ranks by (loss, accuracy, mae, rmse or their val_ forms); NaN when absent. */
        public double figure(String metric) {
            Double value = toTraining().figure(metric);
            return value == null || !Double.isFinite(value) ? Double.NaN : value;
        }
    }

    /**
     * Mean loss and accuracy over a set of examples, as Keras's evaluate() returns them; a
     * regression's mae and rmse, in the target's units, instead of the accuracy.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Figures(double loss, Double accuracy, Double mae, Double rmse) {
        public Figures(double loss, double accuracy) {
            this(loss, (Double) accuracy, null, null);
        }

        public static Figures of(Evaluation evaluation) {
            return evaluation == null ? null : new Figures(evaluation.loss(), evaluation.accuracy(), evaluation.mae(), evaluation.rmse());
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isRegression() {
            return accuracy == null;
        }
    }

    /** The confusion matrix ([true][predicted]) and the test images classified wrong with the most confidence. */
    public record Diagnostics(int[][] confusionMatrix, List<Mistake> confidentMistakes) {
    }

    /**
     * @param pixels the image's bytes, base64, row by row; shape gives its dimensions
     */
    public record Mistake(int index, int label, int predicted, double probability, int[] shape, String pixels) {
    }

    /**
     * @param classNames one per class in label order; absent from results written before
     *                   datasets named their classes (whose classes were their numbers)
     * @param table      a table's encoding (each column's mean and deviation, or categories)
     * @param files      where each file the experiment names was read, by the path as written
     *                   (absent for datasets known by name, and from results written before)
     */
    public record DatasetInfo(String name, String checksum, int trainSamples, int testSamples, int classes, int features,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              List<String> classNames,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              trainyard.data.TableEncoding table,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
                              Map<String, String> files) {
        public DatasetInfo {
            files = files == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
        }

        public DatasetInfo(String name, String checksum, int trainSamples, int testSamples, int classes, int features) {
            this(name, checksum, trainSamples, testSamples, classes, features, null, null, null);
        }

        /** The class names, or the classes' numbers for a result that has none. */
        public List<String> classNamesOrNumbers() {
            return classNames != null && classNames.size() == classes ? classNames
                    : java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        }
    }

    @JsonIgnore // a question about the record, not a field of result.json
    public boolean isCompleted() {
        return status == RunStatus.COMPLETED && test != null && formatVersion == FORMAT_VERSION;
    }

    /** A final outcome, which the same command does not train again (see {@link RunStatus#isFinished}). */
    @JsonIgnore
    public boolean isFinished() {
        return formatVersion == FORMAT_VERSION && status != null && status.isFinished() && (status != RunStatus.COMPLETED || isCompleted());
    }

    /** Epochs with figures: epochs_trained when recorded, else the history's length. */
    @JsonIgnore
    public int epochsDone() {
        return epochsTrained != null ? epochsTrained : history == null ? 0 : history.size();
    }

    /** The same result with another status and rung (a halving trial pruned at its rung). */
    public RunResult withStatus(RunStatus newStatus, Integer newRung) {
        return new RunResult(experiment, runId, newStatus, config, params, history, test, trainSeconds, startedAt, environment, dataset,
                divergedAtEpoch, stoppedEpoch, bestEpoch, epochsTrained, newRung, message, diagnostics, formatVersion);
    }
}
