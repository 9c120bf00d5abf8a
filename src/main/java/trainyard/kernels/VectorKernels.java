package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on the Vector API at the machine's preferred width (512 bits on
 * AVX-512, 256 on AVX2), with masked tails for sizes that are not a multiple of it.
 * The reference for every method is the same-named one in {@link PlainKernels}.
 *
 * <p>Products use a register-blocked micro-kernel: 8 output rows x 2 vectors of
 * columns (16 accumulators) per step over the shared dimension, A's elements broadcast
 * and B's rows read as vectors. Large products are split on output rows across the
 * worker pool; small ones (under about a megaflop) stay on the calling thread, where a
 * hand-off would cost more than it saves.
 *
 * <p>An instance serves one trainer at a time (it owns scratch buffers and a worker
 * pool); parallel trials each build their own.
 *
 * <p>Reproducible to the bit: exp, tanh and sums across lanes are written here from
 * IEEE add, multiply, FMA and divide, never with the Vector API's EXP, TANH or
 * reduceLanes(ADD). Those may round differently in the interpreter's Java fallback than
 * in C2's intrinsic (SVML, tree-order sums), which made the same run give different
 * last digits depending on how warm the JIT was.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int BLOCK_ROWS = 8;
    /** Rotations by LANES/2, LANES/4, ..., 1: a lane sum in a fixed order. */
    private static final VectorShuffle<Float>[] ROTATIONS = rotations();
    /** Below this many multiply-adds a product runs on one thread. */
    private static final long PARALLEL_THRESHOLD = 500_000;

    private final WorkerPool pool;
    /** Scratch for products narrower than one vector; an instance serves one trainer at a time. */
    private float[] paddedColumns = new float[0];
    private final float[] paddedBias = new float[LANES];

    /** @param threads how many threads products may use, the caller's included; 0 means every core */
    public VectorKernels(int threads) {
        int resolved = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.pool = new WorkerPool(resolved);
    }

    /** The vector width in bits, for reports. */
    public static int vectorBits() {
        return SPECIES.vectorBitSize();
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
        // a (rows, inner): element (i, p) at i*inner + p
        product(a, inner, 1, b, bias, out, rows, inner, cols);
    }

    @Override
    public void multiplyTransposedLeft(float[] a, float[] b, float[] out, int rows, int aCols, int bCols) {
        // aᵀ (aCols, rows): element (i, p) of aᵀ is a[p*aCols + i]
        product(a, 1, aCols, b, null, out, aCols, rows, bCols);
    }

    /**
     * out (rows, cols) = A (rows, inner) · b (inner, cols) + bias, where A's element (i, p)
     * is a[i*rowStride + p*innerStride]: one loop serves X·W and Xᵀ·dY without a transpose.
     *
     * <p>No masked load runs inside the loop over the shared dimension: a masked load near
     * the end of its array takes the Vector API's slow path, which was 5x slower here. The
     * last columns are instead covered by a full vector that overlaps the block before it
     * (those outputs are computed twice, identically), and a matrix narrower than one
     * vector (the 10-class output layer) is first copied into zero-padded rows.
     */
    private void product(float[] a, int rowStride, int innerStride, float[] b, float[] bias, float[] out,
                         int rows, int inner, int cols) {
        float[] columns = b;
        int stride = cols;
        float[] padding = bias;
        if (cols < LANES) {
            columns = padded(b, inner, cols);
            stride = LANES;
            if (bias != null) {
                padding = paddedBias;
                System.arraycopy(bias, 0, padding, 0, cols);
            }
        }
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        long work = (long) rows * inner * cols;
        int chunks = work < PARALLEL_THRESHOLD ? 1 : Math.min(pool.threads(), blocks);
        if (chunks == 1) {
            productRows(a, rowStride, innerStride, columns, stride, padding, out, 0, rows, inner, cols);
            return;
        }
        float[] source = columns;
        int sourceStride = stride;
        float[] sourceBias = padding;
        pool.run(chunks, chunk -> {
            int firstBlock = (int) ((long) blocks * chunk / chunks);
            int endBlock = (int) ((long) blocks * (chunk + 1) / chunks);
            productRows(a, rowStride, innerStride, source, sourceStride, sourceBias, out, firstBlock * BLOCK_ROWS,
                    Math.min(rows, endBlock * BLOCK_ROWS), inner, cols);
        });
    }

    /** b (inner, cols) copied into rows of LANES floats, zero beyond cols; reused scratch. */
    private float[] padded(float[] b, int inner, int cols) {
        if (paddedColumns.length < inner * LANES) {
            paddedColumns = new float[inner * LANES];
        }
        for (int p = 0; p < inner; p++) {
            System.arraycopy(b, p * cols, paddedColumns, p * LANES, cols);
        }
        return paddedColumns;
    }

    /**
     * Rows [rowStart, rowEnd) of the product. b has {@code stride} floats per row, at least
     * LANES; only the first {@code cols} columns of each output row are written.
     */
    private static void productRows(float[] a, int rowStride, int innerStride, float[] b, int stride, float[] bias, float[] out,
                                    int rowStart, int rowEnd, int inner, int cols) {
        int fullPairs = cols - cols % (2 * LANES);
        for (int i = rowStart; i < rowEnd; i += BLOCK_ROWS) {
            // A short last block repeats its last row: the same values are stored twice, harmlessly.
            int last = rowEnd - 1;
            int r0 = i, r1 = Math.min(i + 1, last), r2 = Math.min(i + 2, last), r3 = Math.min(i + 3, last);
            int r4 = Math.min(i + 4, last), r5 = Math.min(i + 5, last), r6 = Math.min(i + 6, last), r7 = Math.min(i + 7, last);
            for (int j = 0; j < fullPairs; j += 2 * LANES) {
                block8x2(a, rowStride, innerStride, b, stride, bias, out, inner, cols, j, r0, r1, r2, r3, r4, r5, r6, r7);
            }
            if (cols < LANES) {
                block8x1(a, rowStride, innerStride, b, stride, bias, out, inner, cols, 0, true, r0, r1, r2, r3, r4, r5, r6, r7);
                continue;
            }
            for (int j = fullPairs; j < cols; j += LANES) {
                // The last vector may overlap the one before it; it never reaches past cols.
                block8x1(a, rowStride, innerStride, b, stride, bias, out, inner, cols, Math.min(j, cols - LANES), false,
                        r0, r1, r2, r3, r4, r5, r6, r7);
            }
        }
    }

    /** 8 rows x 2 full vectors of columns starting at column j. */
    private static void block8x2(float[] a, int rowStride, int innerStride, float[] b, int stride, float[] bias, float[] out,
                                 int inner, int cols, int j,
                                 int r0, int r1, int r2, int r3, int r4, int r5, int r6, int r7) {
        FloatVector bias0 = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, j);
        FloatVector bias1 = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, j + LANES);
        FloatVector c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
        FloatVector c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1, c60 = bias0, c61 = bias1, c70 = bias0, c71 = bias1;
        int a0 = r0 * rowStride, a1 = r1 * rowStride, a2 = r2 * rowStride, a3 = r3 * rowStride;
        int a4 = r4 * rowStride, a5 = r5 * rowStride, a6 = r6 * rowStride, a7 = r7 * rowStride;
        for (int p = 0, bRow = j, aOffset = 0; p < inner; p++, bRow += stride, aOffset += innerStride) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + aOffset]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + aOffset]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + aOffset]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + aOffset]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + aOffset]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + aOffset]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(SPECIES, a[a6 + aOffset]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(SPECIES, a[a7 + aOffset]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(out, r0 * cols + j);
        c01.intoArray(out, r0 * cols + j + LANES);
        c10.intoArray(out, r1 * cols + j);
        c11.intoArray(out, r1 * cols + j + LANES);
        c20.intoArray(out, r2 * cols + j);
        c21.intoArray(out, r2 * cols + j + LANES);
        c30.intoArray(out, r3 * cols + j);
        c31.intoArray(out, r3 * cols + j + LANES);
        c40.intoArray(out, r4 * cols + j);
        c41.intoArray(out, r4 * cols + j + LANES);
        c50.intoArray(out, r5 * cols + j);
        c51.intoArray(out, r5 * cols + j + LANES);
        c60.intoArray(out, r6 * cols + j);
        c61.intoArray(out, r6 * cols + j + LANES);
        c70.intoArray(out, r7 * cols + j);
        c71.intoArray(out, r7 * cols + j + LANES);
    }

    /**
     * 8 rows x 1 vector of columns starting at column j, loads unmasked (b's rows are at
     * least LANES long); with {@code narrow}, only the first cols lanes are stored.
     */
    private static void block8x1(float[] a, int rowStride, int innerStride, float[] b, int stride, float[] bias, float[] out,
                                 int inner, int cols, int j, boolean narrow,
                                 int r0, int r1, int r2, int r3, int r4, int r5, int r6, int r7) {
        FloatVector start = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, j);
        FloatVector c0 = start, c1 = start, c2 = start, c3 = start, c4 = start, c5 = start, c6 = start, c7 = start;
        int a0 = r0 * rowStride, a1 = r1 * rowStride, a2 = r2 * rowStride, a3 = r3 * rowStride;
        int a4 = r4 * rowStride, a5 = r5 * rowStride, a6 = r6 * rowStride, a7 = r7 * rowStride;
        for (int p = 0, bRow = j, aOffset = 0; p < inner; p++, bRow += stride, aOffset += innerStride) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            c0 = FloatVector.broadcast(SPECIES, a[a0 + aOffset]).fma(b0, c0);
            c1 = FloatVector.broadcast(SPECIES, a[a1 + aOffset]).fma(b0, c1);
            c2 = FloatVector.broadcast(SPECIES, a[a2 + aOffset]).fma(b0, c2);
            c3 = FloatVector.broadcast(SPECIES, a[a3 + aOffset]).fma(b0, c3);
            c4 = FloatVector.broadcast(SPECIES, a[a4 + aOffset]).fma(b0, c4);
            c5 = FloatVector.broadcast(SPECIES, a[a5 + aOffset]).fma(b0, c5);
            c6 = FloatVector.broadcast(SPECIES, a[a6 + aOffset]).fma(b0, c6);
            c7 = FloatVector.broadcast(SPECIES, a[a7 + aOffset]).fma(b0, c7);
        }
        if (narrow) {
            VectorMask<Float> mask = SPECIES.indexInRange(0, cols);
            c0.intoArray(out, r0 * cols, mask);
            c1.intoArray(out, r1 * cols, mask);
            c2.intoArray(out, r2 * cols, mask);
            c3.intoArray(out, r3 * cols, mask);
            c4.intoArray(out, r4 * cols, mask);
            c5.intoArray(out, r5 * cols, mask);
            c6.intoArray(out, r6 * cols, mask);
            c7.intoArray(out, r7 * cols, mask);
            return;
        }
        c0.intoArray(out, r0 * cols + j);
        c1.intoArray(out, r1 * cols + j);
        c2.intoArray(out, r2 * cols + j);
        c3.intoArray(out, r3 * cols + j);
        c4.intoArray(out, r4 * cols + j);
        c5.intoArray(out, r5 * cols + j);
        c6.intoArray(out, r6 * cols + j);
        c7.intoArray(out, r7 * cols + j);
    }

    @Override
    public void transpose(float[] source, int rows, int cols, float[] out) {
        // Tiles of 16x16 keep both the reads and the strided writes in cache.
        final int tile = 16;
        for (int i0 = 0; i0 < rows; i0 += tile) {
            int iEnd = Math.min(rows, i0 + tile);
            for (int j0 = 0; j0 < cols; j0 += tile) {
                int jEnd = Math.min(cols, j0 + tile);
                for (int i = i0; i < iEnd; i++) {
                    for (int j = j0; j < jEnd; j++) {
                        out[j * rows + i] = source[i * cols + j];
                    }
                }
            }
        }
    }

    @Override
    public void columnSums(float[] a, int rows, int cols, float[] out) {
        for (int j = 0; j < cols; j += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(j, cols);
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int i = 0, offset = j; i < rows; i++, offset += cols) {
                sum = sum.add(FloatVector.fromArray(SPECIES, a, offset, mask));
            }
            sum.intoArray(out, j, mask);
        }
    }

    // ---- activations -------------------------------------------------------------------

    @Override
    public void relu(float[] x, int count) {
        for (int i = 0; i < count; i += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, count);
            FloatVector.fromArray(SPECIES, x, i, mask).max(0f).intoArray(x, i, mask);
        }
    }

    @Override
    public void sigmoid(float[] x, int count) {
        for (int i = 0; i < count; i += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, count);
            FloatVector v = FloatVector.fromArray(SPECIES, x, i, mask);
            FloatVector.broadcast(SPECIES, 1f).div(exp(v.neg()).add(1f)).intoArray(x, i, mask);
        }
    }

    @Override
    public void tanh(float[] x, int count) {
        for (int i = 0; i < count; i += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, count);
            tanh(FloatVector.fromArray(SPECIES, x, i, mask)).intoArray(x, i, mask);
        }
    }

    @Override
    public void softmax(float[] x, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j += LANES) {
                VectorMask<Float> mask = SPECIES.indexInRange(j, cols);
                max = Math.max(max, FloatVector.fromArray(SPECIES, x, row + j, mask).reduceLanes(VectorOperators.MAX, mask));
            }
            float sum = 0f;
            for (int j = 0; j < cols; j += LANES) {
                VectorMask<Float> mask = SPECIES.indexInRange(j, cols);
                FloatVector e = exp(FloatVector.fromArray(SPECIES, x, row + j, mask).sub(max));
                e.intoArray(x, row + j, mask);
                sum += sumOfLanes(e, mask);
            }
            float inverse = 1f / sum;
            for (int j = 0; j < cols; j += LANES) {
                VectorMask<Float> mask = SPECIES.indexInRange(j, cols);
                FloatVector.fromArray(SPECIES, x, row + j, mask).mul(inverse).intoArray(x, row + j, mask);
            }
        }
    }

    @Override
    public void reluBackward(float[] output, float[] gradient, int count) {
        for (int i = 0; i < count; i += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, count);
            FloatVector y = FloatVector.fromArray(SPECIES, output, i, mask);
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, i, mask);
            g.blend(0f, y.compare(VectorOperators.LE, 0f)).intoArray(gradient, i, mask);
        }
    }

    @Override
    public void sigmoidBackward(float[] output, float[] gradient, int count) {
        for (int i = 0; i < count; i += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, count);
            FloatVector y = FloatVector.fromArray(SPECIES, output, i, mask);
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, i, mask);
            g.mul(y.mul(y.neg().add(1f))).intoArray(gradient, i, mask);
        }
    }

    @Override
    public void tanhBackward(float[] output, float[] gradient, int count) {
        for (int i = 0; i < count; i += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, count);
            FloatVector y = FloatVector.fromArray(SPECIES, output, i, mask);
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, i, mask);
            g.mul(y.mul(y).neg().add(1f)).intoArray(gradient, i, mask);
        }
    }

    @Override
    public void softmaxBackward(float[] output, float[] gradient, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            float dot = 0f;
            for (int j = 0; j < cols; j += LANES) {
                VectorMask<Float> mask = SPECIES.indexInRange(j, cols);
                dot += sumOfLanes(FloatVector.fromArray(SPECIES, gradient, row + j, mask)
                        .mul(FloatVector.fromArray(SPECIES, output, row + j, mask)), mask);
            }
            for (int j = 0; j < cols; j += LANES) {
                VectorMask<Float> mask = SPECIES.indexInRange(j, cols);
                FloatVector g = FloatVector.fromArray(SPECIES, gradient, row + j, mask);
                FloatVector y = FloatVector.fromArray(SPECIES, output, row + j, mask);
                y.mul(g.sub(dot)).intoArray(gradient, row + j, mask);
            }
        }
    }

    // ---- elementary functions, reproducible ----------------------------------------------

    /**
     * e^x as Cephes's expf computes it (Moshier, Cephes Math Library, expf.c): x = k·ln2 + r
     * with |r| <= ln2/2, e^r by a degree-7 polynomial, 2^k from the exponent bits. About
     * 1 ulp; inputs are clamped to [-87.3, 88] so that 2^k stays a finite float (e^88 = 1.65e38).
     */
    static FloatVector exp(FloatVector x) {
        x = x.max(-87.33654f).min(88f); // below 2^127 · e^0.35: k stays <= 127
        // Round x·log2(e) to nearest: adding and subtracting 1.5·2^23 drops the fraction.
        FloatVector k = x.fma(FloatVector.broadcast(SPECIES, 1.44269504088896341f), FloatVector.broadcast(SPECIES, 12582912f))
                .sub(12582912f);
        FloatVector r = k.fma(FloatVector.broadcast(SPECIES, -0.693359375f), x);
        r = k.fma(FloatVector.broadcast(SPECIES, 2.12194440e-4f), r);
        FloatVector p = FloatVector.broadcast(SPECIES, 1.9875691500e-4f)
                .fma(r, FloatVector.broadcast(SPECIES, 1.3981999507e-3f))
                .fma(r, FloatVector.broadcast(SPECIES, 8.3334519073e-3f))
                .fma(r, FloatVector.broadcast(SPECIES, 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(SPECIES, 1.6666665459e-1f))
                .fma(r, FloatVector.broadcast(SPECIES, 5.0000001201e-1f));
        FloatVector expR = p.mul(r.mul(r)).add(r).add(1f);
        IntVector exponent = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return expR.mul(exponent.reinterpretAsFloats());
    }

    /**
     * tanh x = 1 - 2/(e^{2x} + 1), with the sign restored; below |x| = 1/8, where that
     * form loses digits to cancellation, the Taylor series x - x³/3 + 2x⁵/15 - 17x⁷/315
     * (next term under 2e-10).
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector magnitude = x.abs();
        FloatVector large = FloatVector.broadcast(SPECIES, 1f).sub(FloatVector.broadcast(SPECIES, 2f).div(exp(magnitude.mul(2f)).add(1f)));
        FloatVector square = x.mul(x);
        FloatVector series = square.fma(FloatVector.broadcast(SPECIES, -17f / 315f), FloatVector.broadcast(SPECIES, 2f / 15f))
                .fma(square, FloatVector.broadcast(SPECIES, -1f / 3f)).mul(square).fma(x, x);
        FloatVector signed = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return signed.blend(series, magnitude.compare(VectorOperators.LT, 0.125f));
    }

    /** The sum of the lanes under mask, added in a fixed tree order whatever compiles it. */
    static float sumOfLanes(FloatVector v, VectorMask<Float> mask) {
        FloatVector sum = FloatVector.zero(SPECIES).blend(v, mask);
        for (VectorShuffle<Float> rotation : ROTATIONS) {
            sum = sum.add(sum.rearrange(rotation));
        }
        return sum.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] rotations() {
        int steps = Integer.numberOfTrailingZeros(LANES);
        VectorShuffle<Float>[] rotations = new VectorShuffle[steps];
        for (int step = 0, shift = LANES / 2; step < steps; step++, shift /= 2) {
            rotations[step] = VectorShuffle.iota(SPECIES, shift, 1, true);
        }
        return rotations;
    }

    // ---- optimizer updates -------------------------------------------------------------

    @Override
    public void adamStep(float[] weights, float[] gradient, float[] firstMoment, float[] secondMoment, int count,
                         float stepSize, float beta1, float beta2, float epsilon) {
        float keep1 = 1f - beta1;
        float keep2 = 1f - beta2;
        for (int i = 0; i < count; i += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, count);
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, i, mask);
            FloatVector m = FloatVector.fromArray(SPECIES, firstMoment, i, mask);
            FloatVector v = FloatVector.fromArray(SPECIES, secondMoment, i, mask);
            m = m.add(g.sub(m).mul(keep1));
            v = v.add(g.mul(g).sub(v).mul(keep2));
            m.intoArray(firstMoment, i, mask);
            v.intoArray(secondMoment, i, mask);
            FloatVector w = FloatVector.fromArray(SPECIES, weights, i, mask);
            w.sub(m.mul(stepSize).div(v.sqrt().add(epsilon))).intoArray(weights, i, mask);
        }
    }

    @Override
    public void sgdStep(float[] weights, float[] gradient, float[] velocity, int count,
                        float learningRate, float momentum, boolean nesterov) {
        for (int i = 0; i < count; i += LANES) {
            VectorMask<Float> mask = SPECIES.indexInRange(i, count);
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, i, mask);
            FloatVector w = FloatVector.fromArray(SPECIES, weights, i, mask);
            if (momentum == 0f) {
                w.sub(g.mul(learningRate)).intoArray(weights, i, mask);
                continue;
            }
            FloatVector step = g.mul(learningRate);
            FloatVector v = FloatVector.fromArray(SPECIES, velocity, i, mask).mul(momentum).sub(step);
            v.intoArray(velocity, i, mask);
            (nesterov ? w.add(v.mul(momentum).sub(step)) : w.add(v)).intoArray(weights, i, mask);
        }
    }
}
