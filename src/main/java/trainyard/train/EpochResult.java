package trainyard.train;

/**
 * One epoch's figures, as Keras's History holds them: loss and accuracy (a regression's
 * mae and rmse, in the target's units, instead) are the mean over the epoch's batches
 * (weights changing as it goes), the loss including any L2 penalty as Keras adds it; the
 * validation figures are measured after the epoch, and are null without validation.
 * learningRate is the rate of the epoch's last step. results/ writes it as
 * {@code RunResult.Epoch}.
 */
public record EpochResult(int epoch, double loss, Double accuracy, Double valLoss, Double valAccuracy, double seconds,
                          Double learningRate, Double mae, Double rmse, Double valMae, Double valRmse) {
    /** A classification's epoch. */
    public EpochResult(int epoch, double loss, double accuracy, Double valLoss, Double valAccuracy, double seconds, Double learningRate) {
        this(epoch, loss, (Double) accuracy, valLoss, valAccuracy, seconds, learningRate, null, null, null, null);
    }

    public boolean isRegression() {
        return accuracy == null;
    }

    /** The figure of this name (loss, accuracy, mae, rmse and their val_ forms), or null when the epoch has none. */
    public Double figure(String metric) {
        return switch (metric) {
            case "loss" -> loss;
            case "accuracy" -> accuracy;
            case "mae" -> mae;
            case "rmse" -> rmse;
            case "val_loss" -> valLoss;
            case "val_accuracy" -> valAccuracy;
            case "val_mae" -> valMae;
            case "val_rmse" -> valRmse;
            default -> throw new IllegalArgumentException(metric);
        };
    }
}
