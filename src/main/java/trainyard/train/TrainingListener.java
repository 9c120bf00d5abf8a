package trainyard.train;

/** What a trainer tells as it goes; every method is optional. Called on the training thread. */
public interface TrainingListener {
    /**
     * @param stepsPerEpoch the optimizer steps of one epoch (the batches, the last one smaller)
     * @param rateVaries    whether the learning rate can change while training (a schedule, or
     *                      reduce_lr_on_plateau), so that it is worth showing each epoch
     */
    default void trainingStarted(int trainSamples, int validationSamples, int epochs, int stepsPerEpoch, int batchSize, boolean rateVaries) {
    }

    default void epochStarted(int epoch, int epochs) {
    }

    /** Training goes on from a checkpoint saved after this epoch; the next epoch is epoch + 1. */
    default void resumed(int epoch, int epochs) {
    }

    /**
     * After each batch: samples done this epoch and the running means of the loss and of the
     * task's figure, named by {@code figureName}: accuracy, or a regression's mae.
     */
    default void batchFinished(int samplesDone, int samplesTotal, double meanLoss, String figureName, double meanFigure) {
    }

    default void epochFinished(EpochResult result, int epochs) {
    }

    /** Early stopping ended training after this epoch; the best was bestEpoch. */
    default void stoppedEarly(int epoch, int bestEpoch) {
    }

    /** Reduce-on-plateau set a new learning rate after this epoch. */
    default void learningRateReduced(int epoch, double rate) {
    }

    /** The loss became NaN or infinite in this epoch; training stops. */
    default void diverged(int epoch) {
    }
}
