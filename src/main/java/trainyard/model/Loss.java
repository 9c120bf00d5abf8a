package trainyard.model;

import trainyard.config.LossKind;

/**
 * The losses as Keras computes them, each averaged over the batch.
 * <ul>
 * <li>categorical_crossentropy (keras.losses.categorical_crossentropy, from_logits=False):
 *   outputs are first scaled to sum to 1 (this is what makes the tutorial's sigmoid output
 *   work), clipped to [1e-7, 1 - 1e-7], then -Σ t·log(p).</li>
 * <li>mean_squared_error: the mean over classes of (y - t)².</li>
 * </ul>
 * Softmax followed by cross-entropy takes the fused gradient (p - t) / batch instead,
 * which is exact for the unclipped loss and never divides by a tiny probability.
 */
public final class Loss {
    /** Keras's backend epsilon, used to clip probabilities before the log. */
    static final float EPSILON = 1e-7f;

    private final LossKind kind;

    public Loss(LossKind kind) {
        this.kind = kind;
    }

    public LossKind kind() {
        return kind;
    }

    /** The mean loss of a batch: output and targets are (batch, classes). */
    public double value(float[] output, float[] targets, int batch, int classes) {
        double total = 0;
        for (int i = 0; i < batch; i++) {
            int row = i * classes;
            if (kind == LossKind.CATEGORICAL_CROSSENTROPY) {
                double sum = 0;
                for (int j = 0; j < classes; j++) {
                    sum += output[row + j];
                }
                for (int j = 0; j < classes; j++) {
                    if (targets[row + j] != 0f) {
                        double p = Math.min(Math.max(output[row + j] / sum, EPSILON), 1 - EPSILON);
                        total -= targets[row + j] * StrictMath.log(p); // StrictMath: the same digits in every JIT state
                    }
                }
            } else {
                double squares = 0;
                for (int j = 0; j < classes; j++) {
                    double difference = output[row + j] - targets[row + j];
                    squares += difference * difference;
                }
                total += squares / classes;
            }
        }
        return total / batch;
    }

    /** dL/dy of the batch mean, into gradient (batch, classes). */
    public void outputGradient(float[] output, float[] targets, int batch, int classes, float[] gradient) {
        float perExample = 1f / batch;
        for (int i = 0; i < batch; i++) {
            int row = i * classes;
            if (kind == LossKind.MEAN_SQUARED_ERROR) {
                for (int j = 0; j < classes; j++) {
                    gradient[row + j] = 2f * (output[row + j] - targets[row + j]) * perExample / classes;
                }
                continue;
            }
            // p = y / s with s = Σy; L = -Σ t·log(clip(p)); dL/dp is zero where the clip is active.
            float sum = 0f;
            for (int j = 0; j < classes; j++) {
                sum += output[row + j];
            }
            float weighted = 0f; // Σ_i dL/dp_i · p_i
            for (int j = 0; j < classes; j++) {
                float p = output[row + j] / sum;
                float dp = p > EPSILON && p < 1 - EPSILON ? -targets[row + j] / p : 0f;
                gradient[row + j] = dp;
                weighted += dp * p;
            }
            for (int j = 0; j < classes; j++) {
                gradient[row + j] = (gradient[row + j] - weighted) / sum * perExample;
            }
        }
    }

    /** The fused softmax + cross-entropy gradient dL/dz = (p - t) / batch. */
    static void softmaxCrossEntropyGradient(float[] probabilities, float[] targets, int batch, int classes, float[] gradient) {
        float perExample = 1f / batch;
        int count = batch * classes;
        for (int i = 0; i < count; i++) {
            gradient[i] = (probabilities[i] - targets[i]) * perExample;
        }
    }
}
