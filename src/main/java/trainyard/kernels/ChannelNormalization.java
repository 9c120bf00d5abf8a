package trainyard.kernels;

/**
 * Batch normalisation's arithmetic over values (rows, channels), rows being every
 * example and position (Ioffe and Szegedy 2015, "Batch Normalization", Algorithm 1 and
 * its backward; keras/src/layers/normalization/batch_normalization.py): per channel, the
 * batch's mean and biased variance, x̂ = (x - mean) / √(variance + ε), y = γ·x̂ + β. Sums run
 * row by row in a fixed order, in doubles, so the results do not depend on threads.
 * Rows are walked with the channels innermost, as they lie in memory.
 */
final class ChannelNormalization {
    private ChannelNormalization() {
    }

    /**
     * Training: mean and variance (channels) of x's batch; normalized (rows, channels) = x̂;
     * out = γ·x̂ + β; inverseDeviation (channels) = 1 / √(variance + ε). sums (2·channels) is scratch.
     */
    static void normalizeBatch(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean,
                               float[] variance, float[] inverseDeviation, float[] normalized, float[] out, double[] sums) {
        java.util.Arrays.fill(sums, 0, 2 * channels, 0);
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, at++) {
                sums[c] += x[at];
            }
        }
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) (sums[c] / rows);
        }
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, at++) {
                double centred = x[at] - mean[c];
                sums[channels + c] += centred * centred;
            }
        }
        for (int c = 0; c < channels; c++) {
            variance[c] = (float) (sums[channels + c] / rows);
            inverseDeviation[c] = (float) (1 / Math.sqrt(variance[c] + (double) epsilon));
        }
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, at++) {
                float hat = (x[at] - mean[c]) * inverseDeviation[c];
                normalized[at] = hat;
                out[at] = gamma[c] * hat + beta[c];
            }
        }
    }

    /** Inference: out = γ·(x - mean)/√(variance + ε) + β with the given (moving) statistics. */
    static void normalize(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean, float[] variance,
                          float[] out) {
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, at++) {
                out[at] = (float) ((x[at] - mean[c]) / Math.sqrt(variance[c] + (double) epsilon)) * gamma[c] + beta[c];
            }
        }
    }

    /**
     * The backward of {@link #normalizeBatch}: dβ = Σ dy, dγ = Σ dy·x̂, and, when
     * inputGradient is not null, dx = γ·inverseDeviation/N · (N·dy - Σ dy - x̂·Σ dy·x̂).
     * sums (2·channels) is scratch.
     */
    static void normalizeBatchBackward(float[] outputGradient, float[] normalized, int rows, int channels, float[] gamma,
                                       float[] inverseDeviation, float[] gammaGradient, float[] betaGradient, float[] inputGradient,
                                       double[] sums) {
        java.util.Arrays.fill(sums, 0, 2 * channels, 0);
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, at++) {
                sums[c] += outputGradient[at];
                sums[channels + c] += outputGradient[at] * normalized[at];
            }
        }
        for (int c = 0; c < channels; c++) {
            betaGradient[c] = (float) sums[c];
            gammaGradient[c] = (float) sums[channels + c];
        }
        if (inputGradient == null) {
            return;
        }
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++, at++) {
                double scale = (double) gamma[c] * inverseDeviation[c] / rows;
                inputGradient[at] = (float) (scale * (rows * (double) outputGradient[at] - sums[c] - normalized[at] * sums[channels + c]));
            }
        }
    }
}
