package trainyard.kernels;

/**
 * Batch normalisation's arithmetic over values (rows, channels), rows being every
 * example and position (Ioffe and Szegedy 2015, "Batch Normalization", Algorithm 1 and
 * its backward; keras/src/layers/normalization/batch_normalization.py): per channel, the
 * batch's mean and biased variance, x̂ = (x - mean) / √(variance + ε), y = γ·x̂ + β.
 *
 * <p>The plain twin of {@link VectorNormalization}, and the reference of its order of
 * operations, which both follow exactly: each channel's sums are float sums over blocks of
 * {@link #BLOCK_ROWS} rows in row order, each block's sum then added into a double, so a
 * long batch keeps float's precision per block only; elementwise steps multiply, then add
 * (no fused multiply-add). Channels [fromChannel, toChannel) and rows [fromRow, toRow)
 * let a caller share the work out without changing any result.
 */
final class ChannelNormalization {
    /** Rows summed in float before the sum joins its double. */
    static final int BLOCK_ROWS = 256;

    private ChannelNormalization() {
    }

    /** sums[c] = Σ_rows x[r, c], sums[channels + c] = Σ_rows (x[r, c] - mean[c])² when mean is given (else untouched). */
    static void channelSums(float[] x, float[] y, float[] mean, int rows, int channels, double[] sums, int fromChannel, int toChannel) {
        for (int c = fromChannel; c < toChannel; c++) {
            double total = 0;
            double squares = 0;
            for (int block = 0; block < rows; block += BLOCK_ROWS) {
                int end = Math.min(rows, block + BLOCK_ROWS);
                float sum = 0f;
                float square = 0f;
                for (int r = block; r < end; r++) {
                    float value = x[r * channels + c];
                    if (mean != null) {
                        float centred = value - mean[c];
                        square += centred * centred;
                    } else if (y != null) {
                        square += value * y[r * channels + c];
                    }
                    sum += value;
                }
                total += sum;
                squares += square;
            }
            sums[c] = total;
            if (mean != null || y != null) {
                sums[channels + c] = squares;
            }
        }
    }

    /**
     * Training: mean and variance (channels) of x's batch; normalized (rows, channels) = x̂;
     * out = γ·x̂ + β; inverseDeviation (channels) = 1 / √(variance + ε). sums (2·channels) is scratch.
     */
    static void normalizeBatch(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean,
                               float[] variance, float[] inverseDeviation, float[] normalized, float[] out, double[] sums) {
        channelSums(x, null, null, rows, channels, sums, 0, channels);
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) (sums[c] / rows);
        }
        channelSums(x, null, mean, rows, channels, sums, 0, channels);
        statistics(rows, channels, epsilon, sums, variance, inverseDeviation);
        normalizeRows(x, channels, gamma, beta, mean, inverseDeviation, normalized, out, 0, rows);
    }

    /** variance = the centred squares' mean; inverseDeviation = 1 / √(variance + ε). */
    static void statistics(int rows, int channels, float epsilon, double[] sums, float[] variance, float[] inverseDeviation) {
        for (int c = 0; c < channels; c++) {
            variance[c] = (float) (sums[channels + c] / rows);
            inverseDeviation[c] = (float) (1 / Math.sqrt(variance[c] + (double) epsilon));
        }
    }

    /** Rows [fromRow, toRow): normalized = (x - mean)·inverseDeviation (if not null), out = γ·x̂ + β. */
    static void normalizeRows(float[] x, int channels, float[] gamma, float[] beta, float[] mean, float[] inverseDeviation, float[] normalized,
                              float[] out, int fromRow, int toRow) {
        normalizeRows(x, channels, gamma, beta, mean, inverseDeviation, normalized, out, fromRow, toRow, 0, channels);
    }

    static void normalizeRows(float[] x, int channels, float[] gamma, float[] beta, float[] mean, float[] inverseDeviation, float[] normalized,
                              float[] out, int fromRow, int toRow, int fromChannel, int toChannel) {
        for (int r = fromRow; r < toRow; r++) {
            for (int c = fromChannel, at = r * channels + fromChannel; c < toChannel; c++, at++) {
                float hat = (x[at] - mean[c]) * inverseDeviation[c];
                if (normalized != null) {
                    normalized[at] = hat;
                }
                out[at] = gamma[c] * hat + beta[c];
            }
        }
    }

    /** Inference: out = γ·(x - mean)/√(variance + ε) + β with the given (moving) statistics; inverseDeviation (channels) is scratch. */
    static void normalize(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean, float[] variance,
                          float[] inverseDeviation, float[] out) {
        for (int c = 0; c < channels; c++) {
            inverseDeviation[c] = (float) (1 / Math.sqrt(variance[c] + (double) epsilon));
        }
        normalizeRows(x, channels, gamma, beta, mean, inverseDeviation, null, out, 0, rows);
    }

    /**
     * The backward of {@link #normalizeBatch}: dβ = Σ dy, dγ = Σ dy·x̂, and, when
     * inputGradient is not null, dx = γ·inverseDeviation/N · (N·dy - Σ dy - x̂·Σ dy·x̂).
     * sums (2·channels) is scratch.
     */
    static void normalizeBatchBackward(float[] outputGradient, float[] normalized, int rows, int channels, float[] gamma,
                                       float[] inverseDeviation, float[] gammaGradient, float[] betaGradient, float[] inputGradient,
                                       double[] sums) {
        channelSums(outputGradient, normalized, null, rows, channels, sums, 0, channels);
        for (int c = 0; c < channels; c++) {
            betaGradient[c] = (float) sums[c];
            gammaGradient[c] = (float) sums[channels + c];
        }
        if (inputGradient != null) {
            inputGradientRows(outputGradient, normalized, rows, channels, gamma, inverseDeviation, betaGradient, gammaGradient, inputGradient,
                    0, rows, 0, channels);
        }
    }

    /** Rows [fromRow, toRow), channels [fromChannel, toChannel) of dx, from dβ and dγ: (γ·inverseDeviation/N)·(N·dy - dβ - x̂·dγ). */
    static void inputGradientRows(float[] outputGradient, float[] normalized, int rows, int channels, float[] gamma, float[] inverseDeviation,
                                  float[] betaGradient, float[] gammaGradient, float[] inputGradient, int fromRow, int toRow,
                                  int fromChannel, int toChannel) {
        float count = rows;
        for (int r = fromRow; r < toRow; r++) {
            for (int c = fromChannel, at = r * channels + fromChannel; c < toChannel; c++, at++) {
                float scale = gamma[c] * inverseDeviation[c] / count;
                inputGradient[at] = scale * (count * outputGradient[at] - betaGradient[c] - normalized[at] * gammaGradient[c]);
            }
        }
    }
}
