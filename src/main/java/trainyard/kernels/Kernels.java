package trainyard.kernels;

/**
 * The numeric operations a dense network needs, on row-major {@code float[]} matrices
 * with their dimensions passed beside them. Implementations must give results that do
 * not depend on how many threads they use: work is split on output rows, or along a
 * sum only at a place fixed by the shapes (never by the thread count), so every output
 * element is computed by the same sequence of operations.
 *
 * <p>Deliberately not a tensor library: no shapes, no broadcasting, no autodiff.
 */
public interface Kernels extends AutoCloseable {

    /**
     * The fastest kernels this machine runs: {@link VectorKernels} on up to {@code threads}
     * threads (0: every core), or the single-threaded {@link PlainKernels} where
     * {@link VectorHardware#unusableBecause} says the Vector API would not help.
     */
    static Kernels forThisMachine(int threads) {
        return VectorHardware.thisMachine().unusableBecause().isPresent() ? new PlainKernels() : new VectorKernels(threads);
    }

    /** The vector width {@link #forThisMachine} computes with, in bits; 0 for the plain kernels. */
    static int vectorBitsOfThisMachine() {
        VectorHardware hardware = VectorHardware.thisMachine();
        return hardware.unusableBecause().isPresent() ? 0 : hardware.vectorBits();
    }

    /** out (rows, cols) = a (rows, inner) · b (inner, cols) + bias (cols); bias may be null. */
    void multiply(float[] a, float[] b, float[] bias, float[] out, int rows, int inner, int cols);

    /** out (aCols, bCols) = aᵀ · b, where a is (rows, aCols) and b is (rows, bCols): the weight gradient Xᵀ·dY. */
    void multiplyTransposedLeft(float[] a, float[] b, float[] out, int rows, int aCols, int bCols);

    /**
     * out (rows, cols) = a (rows, inner) · bᵀ, where b is (cols, inner): the input gradient
     * dY·Wᵀ, reading W as it is stored instead of a transposed copy.
     */
    void multiplyTransposedRight(float[] a, float[] b, float[] out, int rows, int inner, int cols);

    /** out (cols) = the sum of each column of a (rows, cols): the bias gradient. */
    void columnSums(float[] a, int rows, int cols, float[] out);

    /** x = max(x, 0) over x[0..count). */
    void relu(float[] x, int count);

    /** x = 1 / (1 + exp(-x)). */
    void sigmoid(float[] x, int count);

    /** x = tanh(x). */
    void tanh(float[] x, int count);

    /** Each row of x (rows, cols) becomes exp(x - max) / sum, the numerically stable softmax. */
    void softmax(float[] x, int rows, int cols);

    /** gradient *= (output > 0), given relu's output. */
    void reluBackward(float[] output, float[] gradient, int count);

    /** gradient *= output (1 - output), given sigmoid's output. */
    void sigmoidBackward(float[] output, float[] gradient, int count);

    /** gradient *= 1 - output², given tanh's output. */
    void tanhBackward(float[] output, float[] gradient, int count);

    /** Per row of (rows, cols): gradient_i = y_i (gradient_i - Σ_j gradient_j y_j), softmax's Jacobian applied. */
    void softmaxBackward(float[] output, float[] gradient, int rows, int cols);

    /**
     * One optimizer step over a parameter's {@code count} weights, by its rule (prepared for
     * this step); {@code state} holds the rule's slot arrays, each of at least count floats.
     */
    void update(UpdateRule rule, float[] weights, float[] gradient, float[][] state, int count);

    /** w -= w · amount: Keras 3's decoupled weight decay, w - w·wd·lr (keras/optimizers/base_optimizer.py). */
    void decay(float[] weights, int count, float amount);

    /** target += scale · source: the L2 penalty's gradient 2·l2·W added to W's gradient. */
    void addScaled(float[] target, float[] source, float scale, int count);

    /** out = a ⊙ b, elementwise: dropout's backward, the gradient through the kept units. */
    void multiplyElementwise(float[] a, float[] b, float[] out, int count);

    /**
     * Inverted dropout (keras/layers/regularization/dropout.py): mask[k] = 1 / (1 - rate)
     * for a kept element and 0 for a dropped one, output = input ⊙ mask. Whether element k
     * is kept depends on (seed, k) alone ({@link PlainKernels#dropoutMask}), so the mask is
     * the same bits on any number of threads.
     */
    void dropout(float[] input, float[] mask, float[] output, int count, float rate, long seed);

    /** Σ x², in a fixed order: the L2 penalty's sum. */
    double sumOfSquares(float[] x, int count);

    /**
     * Keras's MaxNorm(max_value, axis=0) on weights (rows, cols) (keras/constraints/constraints.py):
     * each column j (one unit's incoming weights) is scaled by min(n_j, maxNorm) / (1e-7 + n_j),
     * where n_j is its Euclidean norm. norms (cols) is scratch space.
     */
    void limitColumnNorms(float[] weights, int rows, int cols, float maxNorm, float[] norms);

    /**
     * out[outOffset + k] = (source[sourceOffset + k] & 0xff) · scale for k in [0, count):
     * unsigned pixel bytes to floats (MNIST's pixel / 255).
     */
    void unsignedBytesToFloats(byte[] source, int sourceOffset, float[] out, int outOffset, int count, float scale);

    /**
     * A batch of examples: row r of out (rows, width) = the unsigned bytes at
     * source[rowOffsets[r] ..+ width) · scale.
     */
    void gatherScaledBytes(byte[] source, int[] rowOffsets, int rows, int width, float scale, float[] out);

    /**
     * patches (batch·positions, patchSize) = the windows of images (batch, height, width,
     * channels), one row per output position, padding read as 0: a convolution's input as
     * the rows of a product ({@link ImageWindows#gatherPatches}).
     */
    default void gatherPatches(float[] images, int batch, WindowGeometry geometry, float[] patches) {
        ImageWindows.gatherPatches(images, geometry, patches, 0, batch);
    }

    /** images (batch, height, width, channels) = the patch rows added back where they were copied from: the input gradient. */
    default void scatterPatches(float[] patches, int batch, WindowGeometry geometry, float[] images) {
        ImageWindows.scatterPatches(patches, geometry, images, 0, batch);
    }

    /** out (batch, outputHeight, outputWidth, channels) = each window's maximum per channel; argmax its index into images. */
    default void maxPool(float[] images, int batch, WindowGeometry geometry, float[] out, int[] argmax) {
        ImageWindows.maxPool(images, geometry, out, argmax, 0, batch);
    }

    /** inputGradient (batch, height, width, channels) = each output's gradient at its maximum, 0 elsewhere. */
    default void maxPoolBackward(float[] outputGradient, int[] argmax, int batch, WindowGeometry geometry, float[] inputGradient) {
        ImageWindows.maxPoolBackward(outputGradient, argmax, geometry, inputGradient, 0, batch);
    }

    /**
     * Batch normalisation while training, over x (rows, channels) ({@link ChannelNormalization}):
     * the batch's mean and biased variance per channel, normalized = x̂, out = γ·x̂ + β,
     * inverseDeviation = 1/√(variance + ε). sums (2·channels doubles) is scratch.
     */
    default void normalizeBatch(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean,
                                float[] variance, float[] inverseDeviation, float[] normalized, float[] out, double[] sums) {
        ChannelNormalization.normalizeBatch(x, rows, channels, epsilon, gamma, beta, mean, variance, inverseDeviation, normalized, out, sums);
    }

    /** Batch normalisation in inference, with the moving mean and variance; inverseDeviation (channels) is scratch. */
    default void normalize(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean, float[] variance,
                           float[] inverseDeviation, float[] out) {
        ChannelNormalization.normalize(x, rows, channels, epsilon, gamma, beta, mean, variance, inverseDeviation, out);
    }

    /** The backward of {@link #normalizeBatch}: γ's and β's gradients, and x's when inputGradient is not null. */
    default void normalizeBatchBackward(float[] outputGradient, float[] normalized, int rows, int channels, float[] gamma,
                                        float[] inverseDeviation, float[] gammaGradient, float[] betaGradient, float[] inputGradient,
                                        double[] sums) {
        ChannelNormalization.normalizeBatchBackward(outputGradient, normalized, rows, channels, gamma, inverseDeviation, gammaGradient,
                betaGradient, inputGradient, sums);
    }

    /** Threads this instance may use. */
    int threads();

    @Override
    default void close() {
    }
}
