package trainyard.train;

/**
 * One epoch's figures, as Keras's History holds them: loss and accuracy are the mean
 * over the epoch's batches (weights changing as it goes), the loss including any L2
 * penalty as Keras adds it; the validation figures are measured after the epoch, and
 * are null without validation. learningRate is the rate of the epoch's last step.
 * results/ writes it as {@code RunResult.Epoch}.
 */
public record EpochResult(int epoch, double loss, double accuracy, Double valLoss, Double valAccuracy, double seconds,
                          Double learningRate) {
}
