package trainyard.config;

/**
 * One experiment, fully resolved: every default filled in. A spec holds no training
 * state; the model package builds fresh weights and optimizer moments from it per run.
 * Rules that join two sections are checked here, so a spec built in code obeys them too.
 *
 * @param runName how the report labels the run, "" for its swept values; {key} stands for
 *                the run's value of a dotted key, e.g. "lr {optimizer.learning_rate}"
 */
public record ExperimentSpec(String name, String description, DatasetSpec dataset, ModelSpec model,
                             LossKind loss, OptimizerSpec optimizer, TrainingSpec training, String runName) {
    public ExperimentSpec(String name, String description, DatasetSpec dataset, ModelSpec model, LossKind loss, OptimizerSpec optimizer,
                          TrainingSpec training) {
        this(name, description, dataset, model, loss, optimizer, training, "");
    }

    public ExperimentSpec {
        Require.plainName("name", name);
        description = description == null ? "" : description;
        runName = runName == null ? "" : runName;
        Require.present("dataset", dataset);
        Require.present("model", model);
        Require.present("loss", loss);
        Require.present("optimizer", optimizer);
        Require.present("training", training);
        if (training.reduceLrOnPlateau() != null && !(optimizer.learningRate() instanceof LearningRateSpec.Constant)) {
            throw new InvalidValueException("training." + ReduceLrOnPlateauSpec.KEY,
                    "needs a constant optimizer.learning_rate; a schedule already decides the rate at every step (Keras refuses this too)");
        }
    }
}
