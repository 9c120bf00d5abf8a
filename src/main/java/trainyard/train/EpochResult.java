package trainyard.train;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One epoch's figures, as Keras's History holds them: loss and accuracy are the mean
 * over the epoch's batches (weights changing as it goes), the loss including any L2
 * penalty as Keras adds it; the validation figures are measured after the epoch, and
 * are null without validation. learningRate is the rate of the epoch's last step (null
 * in results written before it was recorded).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochResult(int epoch, double loss, double accuracy, Double valLoss, Double valAccuracy, double seconds,
                          Double learningRate) {
}
