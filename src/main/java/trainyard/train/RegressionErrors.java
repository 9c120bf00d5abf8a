package trainyard.train;

/**
 * A regression's running error sums over batches, in the units the network learns (the
 * target standardised), turned into the target's own units at the end: mean absolute error
 * and root mean squared error, the figures Keras's MeanAbsoluteError and
 * RootMeanSquaredError metrics report. One instance per fit, reset per pass: no allocation
 * in the training loop.
 */
final class RegressionErrors {
    private final double targetUnit;
    private double absoluteSum;
    private double squaredSum;
    private long count;

    /** @param targetUnit what one unit of the network's output is in the target's units (its standard deviation) */
    RegressionErrors(double targetUnit) {
        this.targetUnit = targetUnit;
    }

    void reset() {
        absoluteSum = 0;
        squaredSum = 0;
        count = 0;
    }

    /** output and targets (size, 1) */
    void add(float[] output, float[] targets, int size) {
        for (int i = 0; i < size; i++) {
            double error = (double) output[i] - targets[i];
            absoluteSum += Math.abs(error);
            squaredSum += error * error;
        }
        count += size;
    }

    double mae() {
        return absoluteSum / count * targetUnit;
    }

    double rmse() {
        return Math.sqrt(squaredSum / count) * targetUnit;
    }
}
