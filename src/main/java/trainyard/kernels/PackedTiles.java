package trainyard.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link MatrixProduct}'s packed product: rows x 2 vectors of
 * output, summed along a depth block of packed panels. b's strip holds 2 vectors of
 * columns per depth step, one after another; A's panel holds the tile's rows in the
 * layout {@link ProductTile} names. Each output starts from {@code from} (the bias and
 * zero with a row step of 0, or the sums of the depth blocks before) and is one FMA chain
 * in depth order, so every tile, block size and thread count gives the same bits as
 * {@link ProductBlocks}'. The reference is {@link PlainKernels#multiply}. The sums are
 * stored into {@code c}, or with {@code addToC} added to what c holds (one product's
 * second half of the depth joining its first).
 *
 * <p>Rows past {@code lastRow} repeat row lastRow: their panel rows are copies of it, so
 * they store the same values to the same place. Written out rather than through helpers:
 * a vector returned from a call that C2 does not inline is boxed (147 KB a training step).
 *
 * <p>The two tiles read A in different layouts on purpose, each the form C2 compiled well
 * on its register file: the 8-row tile A's rows interleaved (offsets 0..7 from one index),
 * the 6-row tile six rows apart, with the steps passed in rather than known. On 16
 * registers the interleaved form, or constant steps, ran at 40-45% of the peak on 1024³
 * against 80-88% (figures in docs/performance.md).
 */
final class PackedTiles {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Floats per depth step of a packed strip of b: the tiles' two vectors. */
    static final int STRIP = 2 * LANES;

    private PackedTiles() {
    }

    /** 8 rows x 2 vectors: 16 accumulators, for a 32-register file. A's rows interleaved: (r, p) at aAt + p·aStep + r. */
    static void tile8x2(float[] a, int aAt, int aStep, float[] b, int bAt, int depth, float[] from, int fromAt, int fromStride,
                        float[] c, int cAt, int cStride, int lastRow, boolean addToC) {
        int f0 = fromAt, f1 = fromAt + Math.min(1, lastRow) * fromStride, f2 = fromAt + Math.min(2, lastRow) * fromStride;
        int f3 = fromAt + Math.min(3, lastRow) * fromStride, f4 = fromAt + Math.min(4, lastRow) * fromStride;
        int f5 = fromAt + Math.min(5, lastRow) * fromStride, f6 = fromAt + Math.min(6, lastRow) * fromStride;
        int f7 = fromAt + Math.min(7, lastRow) * fromStride;
        int o0 = cAt, o1 = cAt + Math.min(1, lastRow) * cStride, o2 = cAt + Math.min(2, lastRow) * cStride;
        int o3 = cAt + Math.min(3, lastRow) * cStride, o4 = cAt + Math.min(4, lastRow) * cStride;
        int o5 = cAt + Math.min(5, lastRow) * cStride, o6 = cAt + Math.min(6, lastRow) * cStride;
        int o7 = cAt + Math.min(7, lastRow) * cStride;
        FloatVector c00 = FloatVector.fromArray(SPECIES, from, f0), c01 = FloatVector.fromArray(SPECIES, from, f0 + LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, from, f1), c11 = FloatVector.fromArray(SPECIES, from, f1 + LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, from, f2), c21 = FloatVector.fromArray(SPECIES, from, f2 + LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, from, f3), c31 = FloatVector.fromArray(SPECIES, from, f3 + LANES);
        FloatVector c40 = FloatVector.fromArray(SPECIES, from, f4), c41 = FloatVector.fromArray(SPECIES, from, f4 + LANES);
        FloatVector c50 = FloatVector.fromArray(SPECIES, from, f5), c51 = FloatVector.fromArray(SPECIES, from, f5 + LANES);
        FloatVector c60 = FloatVector.fromArray(SPECIES, from, f6), c61 = FloatVector.fromArray(SPECIES, from, f6 + LANES);
        FloatVector c70 = FloatVector.fromArray(SPECIES, from, f7), c71 = FloatVector.fromArray(SPECIES, from, f7 + LANES);
        for (int p = depth, ai = aAt, bi = bAt; p > 0; p--, ai += aStep, bi += STRIP) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi), b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        if (addToC) { // every load before the first store: a short tile's repeated rows add once
            c00 = FloatVector.fromArray(SPECIES, c, o0).add(c00); c01 = FloatVector.fromArray(SPECIES, c, o0 + LANES).add(c01);
            c10 = FloatVector.fromArray(SPECIES, c, o1).add(c10); c11 = FloatVector.fromArray(SPECIES, c, o1 + LANES).add(c11);
            c20 = FloatVector.fromArray(SPECIES, c, o2).add(c20); c21 = FloatVector.fromArray(SPECIES, c, o2 + LANES).add(c21);
            c30 = FloatVector.fromArray(SPECIES, c, o3).add(c30); c31 = FloatVector.fromArray(SPECIES, c, o3 + LANES).add(c31);
            c40 = FloatVector.fromArray(SPECIES, c, o4).add(c40); c41 = FloatVector.fromArray(SPECIES, c, o4 + LANES).add(c41);
            c50 = FloatVector.fromArray(SPECIES, c, o5).add(c50); c51 = FloatVector.fromArray(SPECIES, c, o5 + LANES).add(c51);
            c60 = FloatVector.fromArray(SPECIES, c, o6).add(c60); c61 = FloatVector.fromArray(SPECIES, c, o6 + LANES).add(c61);
            c70 = FloatVector.fromArray(SPECIES, c, o7).add(c70); c71 = FloatVector.fromArray(SPECIES, c, o7 + LANES).add(c71);
        }
        c00.intoArray(c, o0); c01.intoArray(c, o0 + LANES);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + LANES);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + LANES);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + LANES);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + LANES);
        c50.intoArray(c, o5); c51.intoArray(c, o5 + LANES);
        c60.intoArray(c, o6); c61.intoArray(c, o6 + LANES);
        c70.intoArray(c, o7); c71.intoArray(c, o7 + LANES);
    }

    /** 6 rows x 2 vectors: 12 accumulators; with b's two vectors and A's element, 15 of 16 registers. Row r of A at aAt + r·aRowStep. */
    static void tile6x2(float[] a, int aAt, int aRowStep, int aStep, float[] b, int bAt, int depth, float[] from, int fromAt, int fromStride,
                        float[] c, int cAt, int cStride, int lastRow, boolean addToC) {
        int f0 = fromAt, f1 = fromAt + Math.min(1, lastRow) * fromStride, f2 = fromAt + Math.min(2, lastRow) * fromStride;
        int f3 = fromAt + Math.min(3, lastRow) * fromStride, f4 = fromAt + Math.min(4, lastRow) * fromStride;
        int f5 = fromAt + Math.min(5, lastRow) * fromStride;
        int o0 = cAt, o1 = cAt + Math.min(1, lastRow) * cStride, o2 = cAt + Math.min(2, lastRow) * cStride;
        int o3 = cAt + Math.min(3, lastRow) * cStride, o4 = cAt + Math.min(4, lastRow) * cStride;
        int o5 = cAt + Math.min(5, lastRow) * cStride;
        int a0 = aAt, a1 = aAt + aRowStep, a2 = aAt + 2 * aRowStep, a3 = aAt + 3 * aRowStep;
        int a4 = aAt + 4 * aRowStep, a5 = aAt + 5 * aRowStep;
        FloatVector c00 = FloatVector.fromArray(SPECIES, from, f0), c01 = FloatVector.fromArray(SPECIES, from, f0 + LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, from, f1), c11 = FloatVector.fromArray(SPECIES, from, f1 + LANES);
        FloatVector c20 = FloatVector.fromArray(SPECIES, from, f2), c21 = FloatVector.fromArray(SPECIES, from, f2 + LANES);
        FloatVector c30 = FloatVector.fromArray(SPECIES, from, f3), c31 = FloatVector.fromArray(SPECIES, from, f3 + LANES);
        FloatVector c40 = FloatVector.fromArray(SPECIES, from, f4), c41 = FloatVector.fromArray(SPECIES, from, f4 + LANES);
        FloatVector c50 = FloatVector.fromArray(SPECIES, from, f5), c51 = FloatVector.fromArray(SPECIES, from, f5 + LANES);
        for (int p = depth, q = 0, bi = bAt; p > 0; p--, q += aStep, bi += STRIP) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi), b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + q]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + q]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + q]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + q]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, a[a4 + q]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + q]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        if (addToC) { // every load before the first store: a short tile's repeated rows add once
            c00 = FloatVector.fromArray(SPECIES, c, o0).add(c00); c01 = FloatVector.fromArray(SPECIES, c, o0 + LANES).add(c01);
            c10 = FloatVector.fromArray(SPECIES, c, o1).add(c10); c11 = FloatVector.fromArray(SPECIES, c, o1 + LANES).add(c11);
            c20 = FloatVector.fromArray(SPECIES, c, o2).add(c20); c21 = FloatVector.fromArray(SPECIES, c, o2 + LANES).add(c21);
            c30 = FloatVector.fromArray(SPECIES, c, o3).add(c30); c31 = FloatVector.fromArray(SPECIES, c, o3 + LANES).add(c31);
            c40 = FloatVector.fromArray(SPECIES, c, o4).add(c40); c41 = FloatVector.fromArray(SPECIES, c, o4 + LANES).add(c41);
            c50 = FloatVector.fromArray(SPECIES, c, o5).add(c50); c51 = FloatVector.fromArray(SPECIES, c, o5 + LANES).add(c51);
        }
        c00.intoArray(c, o0); c01.intoArray(c, o0 + LANES);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + LANES);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + LANES);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + LANES);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + LANES);
        c50.intoArray(c, o5); c51.intoArray(c, o5 + LANES);
    }
}
