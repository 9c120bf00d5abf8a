package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the Vector API at the machine's preferred width (512 bits on
 * AVX-512, 256 on AVX2, 128 on NEON and SSE). The reference for every method is the same-named one in
 * {@link PlainKernels}; products are in {@link MatrixProduct}, exp and tanh in
 * {@link VectorMath}, the elementwise updates in {@link VectorUpdates}, the sums of squares
 * in {@link VectorNorms}, pixel conversion in {@link VectorPixels}, batch normalisation in
 * {@link VectorNormalization}, the patches' scatter and max pooling in {@link VectorWindows},
 * column sums in {@link VectorColumns};
 * the patches' gather is copies, shared out by example.
 *
 * <p>Every loop runs full vectors and finishes the last few elements with a scalar twin
 * of the same arithmetic. There are no masked loads or stores: near the end of an array
 * they take the Vector API's slow path, which is several times slower and allocates.
 * Sums run in a fixed order (per lane, or sequentially), so results are the same bits
 * on any number of threads and in any state of the JIT. Once warm, no method allocates.
 *
 * <p>Every method first checks that its arrays hold the dimensions it was given, so
 * that the loops inside cannot leave them. That is what lets `make run` switch off the
 * Vector API's per-access bounds checks (VECTOR_ACCESS_OOB_CHECK=0), which C2 does not
 * hoist out of the product loops and which cost half the training time here; the tests
 * run every kernel with the strictest checks (=2) over a wide grid of shapes.
 *
 * <p>An instance serves one trainer at a time (it owns scratch buffers and a worker
 * pool); parallel trials each build their own.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();

    private final WorkerPool pool;
    private final MatrixProduct product;
    private final VectorUpdates updates;
    private final VectorPixels pixels;
    private final VectorNorms norms = new VectorNorms();
    private final VectorWindows windows;
    private final VectorColumns columns;
    private final VectorNormalization normalization;

    /**
     * @param threads how many threads products may use, the caller's included; 0 means
     *                every core, and more than the cores means every core: each chunk of
     *                work belongs to one thread, so a thread waiting for a core would stall
     *                every step (4 threads on 2 cores trained 4x slower here)
     */
    public VectorKernels(int threads) {
        this(new WorkerPool(Math.min(threads > 0 ? threads : Integer.MAX_VALUE, Runtime.getRuntime().availableProcessors())),
                ProductTile.forRegisters(VectorHardware.thisMachine().vectorRegisters()));
    }

    private VectorKernels(WorkerPool pool, ProductTile tile) {
        this.pool = pool;
        this.product = new MatrixProduct(pool, tile);
        this.updates = new VectorUpdates(pool);
        this.pixels = new VectorPixels(pool);
        this.normalization = new VectorNormalization(pool);
        this.windows = new VectorWindows(pool);
        this.columns = new VectorColumns(pool);
    }

    /**
     * Exactly {@code threads} threads, even more than the cores: for tests that results do
     * not depend on the split (training on 3, 4 or 8 threads on a 2-core machine).
     */
    public static VectorKernels withExactly(int threads) {
        return withExactly(threads, ProductTile.forRegisters(VectorHardware.thisMachine().vectorRegisters()));
    }

    /** Exactly {@code threads} threads and the given tile: for tests of every tile on any machine. */
    static VectorKernels withExactly(int threads, ProductTile tile) {
        return new VectorKernels(new WorkerPool(Math.max(1, threads)), tile);
    }

    @Override
    public int threads() {
        return pool.threads();
    }

    @Override
    public void close() {
        pool.close();
    }

    // ---- products ----------------------------------------------------------------------

    @Override
    public void multiply(float[] a, float[] b, float[] bias, float[] out, int rows, int inner, int cols) {
        holds("a", a, rows, inner);
        holds("b", b, inner, cols);
        holds("out", out, rows, cols);
        if (bias != null) {
            holds("bias", bias, 1, cols);
        }
        // a (rows, inner): element (i, p) at i*inner + p
        product.compute(a, inner, 1, b, cols, 1, bias, out, rows, inner, cols);
    }

    @Override
    public void multiplyTransposedLeft(float[] a, float[] b, float[] out, int rows, int aCols, int bCols) {
        holds("a", a, rows, aCols);
        holds("b", b, rows, bCols);
        holds("out", out, aCols, bCols);
        // aᵀ (aCols, rows): element (i, p) of aᵀ is a[p*aCols + i]
        product.compute(a, 1, aCols, b, bCols, 1, null, out, aCols, rows, bCols);
    }

    @Override
    public void multiplyTransposedRight(float[] a, float[] b, float[] out, int rows, int inner, int cols) {
        holds("a", a, rows, inner);
        holds("b", b, cols, inner);
        holds("out", out, rows, cols);
        // bᵀ (inner, cols): element (p, j) of bᵀ is b[j*inner + p]
        product.compute(a, inner, 1, b, 1, inner, null, out, rows, inner, cols);
    }

    /** Refuses an array shorter than rows x cols (or negative dimensions) before any loop runs. */
    static void holds(String name, float[] array, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > array.length) {
            throw new IllegalArgumentException(name + " has " + array.length + " floats, fewer than " + rows + " x " + cols);
        }
    }

    static void holds(String name, float[] array, int count) {
        holds(name, array, 1, count);
    }

    // ---- batch normalisation ---------------------------------------------------------------

    @Override
    public void normalizeBatch(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean,
                               float[] variance, float[] inverseDeviation, float[] normalized, float[] out, double[] sums) {
        normalization.normalizeBatch(x, rows, channels, epsilon, gamma, beta, mean, variance, inverseDeviation, normalized, out, sums);
    }

    @Override
    public void normalize(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean, float[] variance,
                          float[] inverseDeviation, float[] out) {
        normalization.normalize(x, rows, channels, epsilon, gamma, beta, mean, variance, inverseDeviation, out);
    }

    @Override
    public void normalizeBatchBackward(float[] outputGradient, float[] normalized, int rows, int channels, float[] gamma,
                                       float[] inverseDeviation, float[] gammaGradient, float[] betaGradient, float[] inputGradient,
                                       double[] sums) {
        normalization.normalizeBatchBackward(outputGradient, normalized, rows, channels, gamma, inverseDeviation, gammaGradient, betaGradient,
                inputGradient, sums);
    }

    // ---- windows: convolution patches and pooling ------------------------------------------

    @Override
    public void gatherPatches(float[] images, int batch, WindowGeometry geometry, float[] patches) {
        windows.gatherPatches(images, batch, geometry, patches);
    }

    @Override
    public void scatterPatches(float[] patches, int batch, WindowGeometry geometry, float[] images) {
        windows.scatterPatches(patches, batch, geometry, images);
    }

    @Override
    public void maxPool(float[] images, int batch, WindowGeometry geometry, float[] out, int[] argmax) {
        windows.maxPool(images, batch, geometry, out, argmax);
    }

    @Override
    public void maxPoolBackward(float[] outputGradient, int[] argmax, int batch, WindowGeometry geometry, float[] inputGradient) {
        windows.maxPoolBackward(outputGradient, argmax, batch, geometry, inputGradient);
    }

    @Override
    public void columnSums(float[] a, int rows, int cols, float[] out) {
        columns.columnSums(a, rows, cols, out);
    }

    // ---- activations -------------------------------------------------------------------

    @Override
    public void relu(float[] x, int count) {
        updates.relu(x, count);
    }

    @Override
    public void sigmoid(float[] x, int count) {
        holds("x", x, count);
        int i = 0;
        for (; i <= count - LANES; i += LANES) {
            VectorMath.sigmoid(FloatVector.fromArray(SPECIES, x, i)).intoArray(x, i);
        }
        for (; i < count; i++) {
            x[i] = VectorMath.sigmoid(x[i]);
        }
    }

    @Override
    public void tanh(float[] x, int count) {
        holds("x", x, count);
        int i = 0;
        for (; i <= count - LANES; i += LANES) {
            VectorMath.tanh(FloatVector.fromArray(SPECIES, x, i)).intoArray(x, i);
        }
        for (; i < count; i++) {
            x[i] = VectorMath.tanh(x[i]);
        }
    }

    /**
     * Per row: subtract the row's maximum, then e^x over the whole matrix as one flat
     * vector loop (rows of 10 classes are shorter than a vector), then divide by the row's
     * sum, added left to right.
     */
    @Override
    public void softmax(float[] x, int rows, int cols) {
        holds("x", x, rows, cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[row + j]);
            }
            for (int j = 0; j < cols; j++) {
                x[row + j] -= max;
            }
        }
        int count = rows * cols;
        int i = 0;
        for (; i <= count - LANES; i += LANES) {
            VectorMath.exp(FloatVector.fromArray(SPECIES, x, i)).intoArray(x, i);
        }
        for (; i < count; i++) {
            x[i] = VectorMath.exp(x[i]);
        }
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                sum += x[row + j];
            }
            float inverse = 1f / sum;
            for (int j = 0; j < cols; j++) {
                x[row + j] *= inverse;
            }
        }
    }

    @Override
    public void reluBackward(float[] output, float[] gradient, int count) {
        updates.reluBackward(output, gradient, count);
    }

    @Override
    public void sigmoidBackward(float[] output, float[] gradient, int count) {
        holds("output", output, count);
        holds("gradient", gradient, count);
        int i = 0;
        for (; i <= count - LANES; i += LANES) {
            FloatVector y = FloatVector.fromArray(SPECIES, output, i);
            FloatVector.fromArray(SPECIES, gradient, i).mul(y.mul(y.neg().add(1f))).intoArray(gradient, i);
        }
        for (; i < count; i++) {
            gradient[i] *= output[i] * (-output[i] + 1f);
        }
    }

    @Override
    public void tanhBackward(float[] output, float[] gradient, int count) {
        holds("output", output, count);
        holds("gradient", gradient, count);
        int i = 0;
        for (; i <= count - LANES; i += LANES) {
            FloatVector y = FloatVector.fromArray(SPECIES, output, i);
            FloatVector.fromArray(SPECIES, gradient, i).mul(y.mul(y).neg().add(1f)).intoArray(gradient, i);
        }
        for (; i < count; i++) {
            gradient[i] *= -(output[i] * output[i]) + 1f;
        }
    }

    /**
     * Each row needs its own dot product Σ g·y, summed left to right so that its bits do
     * not depend on the vector width; the update y (g - dot) then runs as vectors.
     */
    @Override
    public void softmaxBackward(float[] output, float[] gradient, int rows, int cols) {
        holds("output", output, rows, cols);
        holds("gradient", gradient, rows, cols);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float dot = 0f;
            for (int j = 0; j < cols; j++) {
                dot += gradient[row + j] * output[row + j];
            }
            int j = 0;
            for (; j <= cols - LANES; j += LANES) {
                FloatVector y = FloatVector.fromArray(SPECIES, output, row + j);
                y.mul(FloatVector.fromArray(SPECIES, gradient, row + j).sub(dot)).intoArray(gradient, row + j);
            }
            for (; j < cols; j++) {
                gradient[row + j] = output[row + j] * (gradient[row + j] - dot);
            }
        }
    }

    @Override
    public void unsignedBytesToFloats(byte[] source, int sourceOffset, float[] out, int outOffset, int count, float scale) {
        pixels.unsignedBytesToFloats(source, sourceOffset, out, outOffset, count, scale);
    }

    @Override
    public void gatherScaledBytes(byte[] source, int[] rowOffsets, int rows, int width, float scale, float[] out) {
        pixels.gatherScaledBytes(source, rowOffsets, rows, width, scale, out);
    }

    // ---- elementwise updates: the optimizers, regularisation and dropout --------------------

    @Override
    public void update(UpdateRule rule, float[] weights, float[] gradient, float[][] state, int count) {
        updates.update(rule, weights, gradient, state, count);
    }

    @Override
    public void decay(float[] weights, int count, float amount) {
        updates.decay(weights, count, amount);
    }

    @Override
    public void addScaled(float[] target, float[] source, float scale, int count) {
        updates.addScaled(target, source, scale, count);
    }

    @Override
    public void multiplyElementwise(float[] a, float[] b, float[] out, int count) {
        updates.multiplyElementwise(a, b, out, count);
    }

    @Override
    public void dropout(float[] input, float[] mask, float[] output, int count, float rate, long seed) {
        updates.dropout(input, mask, output, count, rate, seed);
    }

    @Override
    public double sumOfSquares(float[] x, int count) {
        return norms.sumOfSquares(x, count);
    }

    @Override
    public void limitColumnNorms(float[] weights, int rows, int cols, float maxNorm, float[] scratch) {
        norms.limitColumnNorms(weights, rows, cols, maxNorm, scratch);
    }
}
