package trainyard.cli;

import java.util.Locale;
import trainyard.config.ConfigException;
import trainyard.config.ExperimentSpec;
import trainyard.config.LoadedExperiment;
import trainyard.data.Dataset;
import trainyard.data.Datasets;
import trainyard.train.MemoryNeed;

/**
 * Faults that need the dataset, found before anything trains, each reported at its key
 * in the experiment file: a validation split that leaves no example on either side, a
 * task the output layer cannot do, a monitor the task does not report, the output layer's
 * width, a layer that does not fit its input's shape, and the memory the network needs.
 */
final class DatasetChecks {
    private DatasetChecks() {
    }

    static void check(LoadedExperiment loaded, Dataset dataset) throws ConfigException {
        validationSplit(loaded, dataset);
        boolean regression = dataset.table() != null && dataset.table().isRegression();
        task(loaded, dataset, regression);
        monitors(loaded, regression);
        ExperimentSpec spec = loaded.spec();
        int last = spec.model().layers().size() - 1;
        int units = spec.model().outputLayer().units();
        if (units != dataset.classes()) {
            throw loaded.problemAt("model.layers[" + last + "].dense", "model.layers[" + last + "].dense: the output layer has "
                    + units + " units but the dataset " + dataset.name() + " has " + dataset.classes()
                    + " classes; the last layer must have dense: " + dataset.classes());
        }
        try {
            trainyard.model.Architecture.of(spec.model(), new trainyard.model.Shape(dataset.imageShape()));
        } catch (trainyard.model.ShapeMismatch e) {
            throw loaded.problemAt("model." + e.key(), "model." + e.key() + ": " + e.getMessage());
        }
        memory(loaded, dataset);
    }

    private static void validationSplit(LoadedExperiment loaded, Dataset dataset) throws ConfigException {
        if (loaded.spec().training().validation() instanceof trainyard.config.ValidationSpec.Split split) {
            int count = dataset.train().count();
            int trainOn = trainyard.train.Trainer.validationSplitIndex(count, split.fraction());
            if (trainOn < 1 || trainOn >= count) {
                throw loaded.problemAt("training.validation.split", String.format(Locale.ROOT,
                        "training.validation.split: %s of %,d training examples leaves %,d to train on and %,d to validate on;"
                                + " both need at least one", split.fraction(), count, trainOn, count - trainOn));
            }
        }
    }

    /** A table's task is the loss's: a regression needs one linear output, and a sweep's trials share the task. */
    private static void task(LoadedExperiment loaded, Dataset dataset, boolean regression) throws ConfigException {
        ExperimentSpec spec = loaded.spec();
        int last = spec.model().layers().size() - 1;
        int units = spec.model().outputLayer().units();
        if (regression != Datasets.isRegression(spec)) {
            throw loaded.problemAt("loss", "loss: a sweep trains every trial on one task; " + spec.loss().yamlName() + " makes this trial a "
                    + (regression ? "classification" : "regression") + " of the table, the others a " + (regression ? "regression" : "classification"));
        }
        if (!regression) {
            return;
        }
        String target = dataset.table().target();
        if (units != 1) {
            throw loaded.problemAt("model.layers[" + last + "].dense", "model.layers[" + last + "].dense: the output layer has " + units
                    + " units; a regression of '" + target + "' (loss: mean_squared_error) predicts one number: the last layer must be"
                    + " {dense: 1, activation: linear}");
        }
        if (spec.model().outputLayer().activation() != trainyard.config.Activation.LINEAR) {
            throw loaded.problemAt("model.layers[" + last + "].activation", "model.layers[" + last + "].activation: a regression target on a "
                    + spec.model().outputLayer().activation().yamlName() + " output; a number to predict needs activation: linear"
                    + " (for classes use loss: categorical_crossentropy)");
        }
    }

    private static void monitors(LoadedExperiment loaded, boolean regression) throws ConfigException {
        ExperimentSpec spec = loaded.spec();
        for (String[] monitor : new String[][] {
                {"training.early_stopping.monitor", spec.training().earlyStopping() == null ? null : spec.training().earlyStopping().monitor()},
                {"training.reduce_lr_on_plateau.monitor", spec.training().reduceLrOnPlateau() == null ? null : spec.training().reduceLrOnPlateau().monitor()}}) {
            if (monitor[1] != null && !trainyard.config.Metrics.appliesTo(monitor[1], regression)) {
                throw loaded.problemAt(monitor[0], monitor[0] + ": " + monitor[1] + " is " + (regression ? "a classification's" : "a regression's")
                        + " figure; this experiment is a " + (regression ? "regression: use val_loss, val_mae or val_rmse"
                        : "classification: use val_loss or val_accuracy"));
            }
        }
    }

    private static void memory(LoadedExperiment loaded, Dataset dataset) throws ConfigException {
        MemoryNeed need = MemoryNeed.of(loaded.spec(), dataset);
        long usable = MemoryNeed.usableHeapBytes(dataset);
        if (need.totalBytes() > usable) {
            boolean batchDominates = need.activationBytes() > need.weightBytes();
            String path = batchDominates ? "training.batch_size" : "model.layers";
            throw loaded.problemAt(path, String.format(Locale.ROOT,
                    "%s: the network has %,d parameters (about %,d MB with gradients and optimizer state) and a batch of %,d needs"
                            + " about %,d MB of activations, %,d MB in all; this machine has %,d MB of memory, the JVM's heap %,d MB,"
                            + " of which training may use %,d MB beside the dataset; use %s",
                    path, need.parameters(), need.weightBytes() >> 20, need.batch(), need.activationBytes() >> 20, need.totalBytes() >> 20,
                    MemoryNeed.physicalMemoryBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20, usable >> 20,
                    batchDominates ? "a smaller batch" : "fewer units or filters"));
        }
    }
}
