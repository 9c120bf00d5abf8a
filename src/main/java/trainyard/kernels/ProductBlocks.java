package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link MatrixProduct}: a block of output rows x vectors of
 * columns, summed along the shared dimension with A's elements broadcast and b's rows
 * read as vectors, every output one FMA chain in depth order, so that every tile gives
 * the same bits. Which tile runs is {@link ProductTile}'s choice. The reference is
 * {@link PlainKernels#multiply}. These read A and b where they lie, for the products too
 * small to pack; {@link PackedTiles} are the packed product's.
 *
 * <p>Written out rather than through helpers: a vector returned from a call that C2 does
 * not inline is boxed, 147 KB of allocation a training step.
 */
final class ProductBlocks {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();

    private ProductBlocks() {
    }

    /** Rows first..first+7 (each at most last) x 2 full vectors of columns starting at column j. */
    static void block8x2(float[] a, int rowStride, int innerStride, float[] b, int bColumn, int stride, float[] bias, float[] out,
                         int pStart, int pEnd, int cols, int j, int first, int last) {
        int r0 = first, r1 = Math.min(first + 1, last), r2 = Math.min(first + 2, last), r3 = Math.min(first + 3, last);
        int r4 = Math.min(first + 4, last), r5 = Math.min(first + 5, last), r6 = Math.min(first + 6, last), r7 = Math.min(first + 7, last);
        FloatVector bias0 = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, j);
        FloatVector bias1 = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, j + LANES);
        FloatVector c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
        FloatVector c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1, c60 = bias0, c61 = bias1, c70 = bias0, c71 = bias1;
        int a0 = r0 * rowStride, a1 = r1 * rowStride, a2 = r2 * rowStride, a3 = r3 * rowStride;
        int a4 = r4 * rowStride, a5 = r5 * rowStride, a6 = r6 * rowStride, a7 = r7 * rowStride;
        // Counting down: C2 compiled `p = pStart; p < pEnd` 25% slower on Zen 4.
        for (int p = pEnd - pStart, bRow = bColumn + pStart * stride, aOffset = pStart * innerStride; p > 0; p--, bRow += stride, aOffset += innerStride) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + aOffset]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + aOffset]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + aOffset]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + aOffset]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + aOffset]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + aOffset]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(SPECIES, a[a6 + aOffset]);
            c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(SPECIES, a[a7 + aOffset]);
            c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        c00.intoArray(out, r0 * cols + j); c01.intoArray(out, r0 * cols + j + LANES);
        c10.intoArray(out, r1 * cols + j); c11.intoArray(out, r1 * cols + j + LANES);
        c20.intoArray(out, r2 * cols + j); c21.intoArray(out, r2 * cols + j + LANES);
        c30.intoArray(out, r3 * cols + j); c31.intoArray(out, r3 * cols + j + LANES);
        c40.intoArray(out, r4 * cols + j); c41.intoArray(out, r4 * cols + j + LANES);
        c50.intoArray(out, r5 * cols + j); c51.intoArray(out, r5 * cols + j + LANES);
        c60.intoArray(out, r6 * cols + j); c61.intoArray(out, r6 * cols + j + LANES);
        c70.intoArray(out, r7 * cols + j); c71.intoArray(out, r7 * cols + j + LANES);
    }

    /** {@link #block8x2} with 6 rows: 12 accumulators, for a 16-register file. */
    static void block6x2(float[] a, int rowStride, int innerStride, float[] b, int bColumn, int stride, float[] bias, float[] out,
                         int pStart, int pEnd, int cols, int j, int first, int last) {
        int r0 = first, r1 = Math.min(first + 1, last), r2 = Math.min(first + 2, last);
        int r3 = Math.min(first + 3, last), r4 = Math.min(first + 4, last), r5 = Math.min(first + 5, last);
        FloatVector bias0 = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, j);
        FloatVector bias1 = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, j + LANES);
        FloatVector c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1;
        FloatVector c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1;
        int a0 = r0 * rowStride, a1 = r1 * rowStride, a2 = r2 * rowStride;
        int a3 = r3 * rowStride, a4 = r4 * rowStride, a5 = r5 * rowStride;
        for (int p = pEnd - pStart, bRow = bColumn + pStart * stride, aOffset = pStart * innerStride; p > 0; p--, bRow += stride, aOffset += innerStride) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bRow);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bRow + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + aOffset]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + aOffset]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + aOffset]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + aOffset]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + aOffset]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + aOffset]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(out, r0 * cols + j); c01.intoArray(out, r0 * cols + j + LANES);
        c10.intoArray(out, r1 * cols + j); c11.intoArray(out, r1 * cols + j + LANES);
        c20.intoArray(out, r2 * cols + j); c21.intoArray(out, r2 * cols + j + LANES);
        c30.intoArray(out, r3 * cols + j); c31.intoArray(out, r3 * cols + j + LANES);
        c40.intoArray(out, r4 * cols + j); c41.intoArray(out, r4 * cols + j + LANES);
        c50.intoArray(out, r5 * cols + j); c51.intoArray(out, r5 * cols + j + LANES);
    }

    /**
     * Rows first..first+7 (each at most last) x 1 vector of columns starting at column j.
     * With a {@code narrowRow} (cols < LANES), each row's vector goes through it and only
     * its first cols floats are copied out: no masked store, which would take the slow
     * path near the end of out.
     */
    static void block8x1(float[] a, int rowStride, int innerStride, float[] b, int bColumn, int stride, float[] bias, float[] out,
                         int pStart, int pEnd, int cols, int j, float[] narrowRow, int first, int last) {
        int r0 = first, r1 = Math.min(first + 1, last), r2 = Math.min(first + 2, last), r3 = Math.min(first + 3, last);
        int r4 = Math.min(first + 4, last), r5 = Math.min(first + 5, last), r6 = Math.min(first + 6, last), r7 = Math.min(first + 7, last);
        FloatVector start = bias == null ? FloatVector.zero(SPECIES) : FloatVector.fromArray(SPECIES, bias, j);
        FloatVector c0 = start, c1 = start, c2 = start, c3 = start, c4 = start, c5 = start, c6 = start, c7 = start;
        int a0 = r0 * rowStride, a1 = r1 * rowStride, a2 = r2 * rowStride, a3 = r3 * rowStride;
        int a4 = r4 * rowStride, a5 = r5 * rowStride, a6 = r6 * rowStride, a7 = r7 * rowStride;
        for (int p = pEnd - pStart, bRow = bColumn + pStart * stride, aOffset = pStart * innerStride; p > 0; p--, bRow += stride, aOffset += innerStride) {
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
        if (narrowRow != null) {
            c0.intoArray(narrowRow, 0);
            System.arraycopy(narrowRow, 0, out, r0 * cols, cols);
            c1.intoArray(narrowRow, 0);
            System.arraycopy(narrowRow, 0, out, r1 * cols, cols);
            c2.intoArray(narrowRow, 0);
            System.arraycopy(narrowRow, 0, out, r2 * cols, cols);
            c3.intoArray(narrowRow, 0);
            System.arraycopy(narrowRow, 0, out, r3 * cols, cols);
            c4.intoArray(narrowRow, 0);
            System.arraycopy(narrowRow, 0, out, r4 * cols, cols);
            c5.intoArray(narrowRow, 0);
            System.arraycopy(narrowRow, 0, out, r5 * cols, cols);
            c6.intoArray(narrowRow, 0);
            System.arraycopy(narrowRow, 0, out, r6 * cols, cols);
            c7.intoArray(narrowRow, 0);
            System.arraycopy(narrowRow, 0, out, r7 * cols, cols);
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
}
