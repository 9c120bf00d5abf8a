package trainyard.train;

/**
 * One epoch's figures, as Keras's History holds them: loss and accuracy are the mean
 * over the epoch's batches (weights changing as it goes); the validation figures are
 * measured after the epoch, and are null without validation.
 */
public record EpochResult(int epoch, double loss, double accuracy, Double valLoss, Double valAccuracy, double seconds) {
}
