package trainyard.config;

/**
 * One experiment, fully resolved: every default filled in. A spec holds no training
 * state; the model package builds fresh weights and optimizer moments from it per run.
 * Rules that join two sections are checked here, so a spec built in code obeys them too.
 */
public record ExperimentSpec(String name, String description, DatasetSpec dataset, ModelSpec model,
                             LossKind loss, OptimizerSpec optimizer, TrainingSpec training) {
    public ExperimentSpec {
        Require.plainName("name", name);
        description = description == null ? "" : description;
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
