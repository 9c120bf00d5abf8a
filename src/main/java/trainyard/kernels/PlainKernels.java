package trainyard.kernels;

/**
 * The reference twin: every operation of {@link Kernels} as the plainest loop that is
 * obviously right (llm.c's naive matmul plays this part there). Single-threaded, no
 * SIMD; the tests compare {@link VectorKernels} against it with stated tolerances.
 */
public final class PlainKernels implements Kernels {

    /**
     * Each output is bias + a[i][0]·b[0][j] + a[i][1]·b[1][j] + ..., added in that order.
     * The loops run i, p, j (not i, j, p) so that the innermost walks b and out along their
     * rows: the same sums in the same order, and fast enough (C2 vectorizes the j loop) to
     * be the fallback where the Vector API is of no use.
     */
    @Override
    public void multiply(float[] a, float[] b, float[] bias, float[] out, int rows, int inner, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                out[row + j] = bias == null ? 0f : bias[j];
            }
            for (int p = 0; p < inner; p++) {
                float element = a[i * inner + p];
                int bRow = p * cols;
                for (int j = 0; j < cols; j++) {
                    out[row + j] += element * b[bRow + j];
                }
            }
        }
    }

    /** As {@link #multiply}: out[i][j] = a[0][i]·b[0][j] + a[1][i]·b[1][j] + ..., in that order. */
    @Override
    public void multiplyTransposedLeft(float[] a, float[] b, float[] out, int rows, int aCols, int bCols) {
        for (int i = 0; i < aCols; i++) {
            int row = i * bCols;
            for (int j = 0; j < bCols; j++) {
                out[row + j] = 0f;
            }
            for (int p = 0; p < rows; p++) {
                float element = a[p * aCols + i];
                int bRow = p * bCols;
                for (int j = 0; j < bCols; j++) {
                    out[row + j] += element * b[bRow + j];
                }
            }
        }
    }

    /** As {@link #multiply}: out[i][j] = a[i][0]·b[j][0] + a[i][1]·b[j][1] + ..., in that order. */
    @Override
    public void multiplyTransposedRight(float[] a, float[] b, float[] out, int rows, int inner, int cols) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float sum = 0f;
                for (int p = 0; p < inner; p++) {
                    sum += a[i * inner + p] * b[j * inner + p];
                }
                out[i * cols + j] = sum;
            }
        }
    }

    @Override
    public void columnSums(float[] a, int rows, int cols, float[] out) {
        for (int j = 0; j < cols; j++) {
            float sum = 0f;
            for (int i = 0; i < rows; i++) {
                sum += a[i * cols + j];
            }
            out[j] = sum;
        }
    }

    @Override
    public void relu(float[] x, int count) {
        relu(x, 0, count);
    }

    /** x = max(x, 0) over [from, to): the reference, and the vector loop's tail. */
    static void relu(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = Math.max(x[i], 0f);
        }
    }

    @Override
    public void sigmoid(float[] x, int count) {
        for (int i = 0; i < count; i++) {
            x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
    }

    @Override
    public void tanh(float[] x, int count) {
        for (int i = 0; i < count; i++) {
            x[i] = (float) Math.tanh(x[i]);
        }
    }

    @Override
    public void softmax(float[] x, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[row + j]);
            }
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                x[row + j] = (float) Math.exp(x[row + j] - max);
                sum += x[row + j];
            }
            for (int j = 0; j < cols; j++) {
                x[row + j] /= sum;
            }
        }
    }

    @Override
    public void reluBackward(float[] output, float[] gradient, int count) {
        reluBackward(output, gradient, 0, count);
    }

    /** gradient *= (output > 0) over [from, to): the reference, and the vector loop's tail. */
    static void reluBackward(float[] output, float[] gradient, int from, int to) {
        for (int i = from; i < to; i++) {
            if (output[i] <= 0f) {
                gradient[i] = 0f;
            }
        }
    }

    @Override
    public void sigmoidBackward(float[] output, float[] gradient, int count) {
        for (int i = 0; i < count; i++) {
            gradient[i] *= output[i] * (1f - output[i]);
        }
    }

    @Override
    public void tanhBackward(float[] output, float[] gradient, int count) {
        for (int i = 0; i < count; i++) {
            gradient[i] *= 1f - output[i] * output[i];
        }
    }

    @Override
    public void softmaxBackward(float[] output, float[] gradient, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            float dot = 0f;
            for (int j = 0; j < cols; j++) {
                dot += gradient[row + j] * output[row + j];
            }
            for (int j = 0; j < cols; j++) {
                gradient[row + j] = output[row + j] * (gradient[row + j] - dot);
            }
        }
    }

    @Override
    public void update(UpdateRule rule, float[] weights, float[] gradient, float[][] state, int count) {
        rule.plain(weights, gradient, state, 0, count);
    }

    @Override
    public void decay(float[] weights, int count, float amount) {
        for (int i = 0; i < count; i++) {
            weights[i] -= weights[i] * amount;
        }
    }

    @Override
    public void addScaled(float[] target, float[] source, float scale, int count) {
        for (int i = 0; i < count; i++) {
            target[i] += source[i] * scale;
        }
    }

    @Override
    public void multiplyElementwise(float[] a, float[] b, float[] out, int count) {
        for (int i = 0; i < count; i++) {
            out[i] = a[i] * b[i];
        }
    }

    @Override
    public void dropout(float[] input, float[] mask, float[] output, int count, float rate, long seed) {
        dropoutMask(mask, 0, count, rate, seed);
        for (int i = 0; i < count; i++) {
            output[i] = input[i] * mask[i];
        }
    }

    /**
     * mask[k] for k in [from, to): element k is kept when u_k >= rate, where u_k is the top
     * 24 bits of SplitMix64's finaliser (Steele, Lea and Flood 2014) applied to
     * seed + k·φ, read as a fraction in [0, 1). Counter-based: no state, no order.
     */
    static void dropoutMask(float[] mask, int from, int to, float rate, long seed) {
        long threshold = (long) Math.ceil(rate * (double) (1 << 24));
        float kept = 1f / (1f - rate);
        for (int k = from; k < to; k++) {
            long z = seed + k * 0x9e3779b97f4a7c15L;
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            z ^= z >>> 31;
            mask[k] = (z >>> 40) >= threshold ? kept : 0f;
        }
    }

    @Override
    public double sumOfSquares(float[] x, int count) {
        double total = 0;
        for (int i = 0; i < count; i++) {
            total += (double) x[i] * x[i];
        }
        return total;
    }

    @Override
    public void limitColumnNorms(float[] weights, int rows, int cols, float maxNorm, float[] norms) {
        java.util.Arrays.fill(norms, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                norms[j] = Math.fma(weights[r * cols + j], weights[r * cols + j], norms[j]);
            }
        }
        normsToMaxNormFactors(norms, cols, maxNorm);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                weights[r * cols + j] *= norms[j];
            }
        }
    }

    /** Squared norms in, MaxNorm's factors min(n, max) / (ε + n) out, with Keras's backend ε 1e-7. */
    static void normsToMaxNormFactors(float[] norms, int cols, float maxNorm) {
        for (int j = 0; j < cols; j++) {
            float norm = (float) Math.sqrt(norms[j]);
            norms[j] = Math.min(norm, maxNorm) / (1e-7f + norm);
        }
    }

    @Override
    public void unsignedBytesToFloats(byte[] source, int sourceOffset, float[] out, int outOffset, int count, float scale) {
        for (int k = 0; k < count; k++) {
            out[outOffset + k] = (source[sourceOffset + k] & 0xff) * scale;
        }
    }

    @Override
    public void gatherScaledBytes(byte[] source, int[] rowOffsets, int rows, int width, float scale, float[] out) {
        for (int r = 0; r < rows; r++) {
            unsignedBytesToFloats(source, rowOffsets[r], out, r * width, width, scale);
        }
    }

    @Override
    public int threads() {
        return 1;
    }
}
