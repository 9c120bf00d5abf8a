package trainyard.train;

/**
 * Mean loss and the task's figures over a set of examples, as Keras's evaluate() returns
 * them: a classification's accuracy, or a regression's mean absolute error and root mean
 * squared error in the target's own units (the other figures null).
 */
public record Evaluation(double loss, Double accuracy, Double mae, Double rmse) {
    public Evaluation(double loss, double accuracy) {
        this(loss, (Double) accuracy, null, null);
    }

    public boolean isRegression() {
        return accuracy == null;
    }
}
