package trainyard.kernels;

import static trainyard.kernels.VectorKernels.holds;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sums of squares for {@link VectorKernels}: the L2 penalty's ΣW² and MaxNorm's column
 * norms. The reference is the same-named method of {@link PlainKernels}. Both run on the
 * calling thread in a fixed order, so their results never depend on the thread count.
 */
final class VectorNorms {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Sums of squares add a block's lanes into a double, so long arrays keep float's precision per block only. */
    private static final int SQUARES_BLOCK = 1024;

    private final float[] squareLanes = new float[LANES];

    double sumOfSquares(float[] x, int count) {
        holds("x", x, count);
        double total = 0;
        for (int start = 0; start < count; start += SQUARES_BLOCK) {
            int end = Math.min(count, start + SQUARES_BLOCK);
            FloatVector sums = FloatVector.zero(SPECIES);
            int i = start;
            for (; i <= end - LANES; i += LANES) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, i);
                sums = v.fma(v, sums);
            }
            float tail = 0f;
            for (; i < end; i++) {
                tail += x[i] * x[i];
            }
            // Lane by lane in order: reduceLanes's order is not fixed (it differs between the JIT's tiers).
            sums.intoArray(squareLanes, 0);
            for (float lane : squareLanes) {
                total += lane;
            }
            total += tail;
        }
        return total;
    }

    void limitColumnNorms(float[] weights, int rows, int cols, float maxNorm, float[] norms) {
        holds("weights", weights, rows, cols);
        holds("norms", norms, cols);
        java.util.Arrays.fill(norms, 0, cols, 0f);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            int j = 0;
            for (; j <= cols - LANES; j += LANES) {
                FloatVector w = FloatVector.fromArray(SPECIES, weights, row + j);
                w.fma(w, FloatVector.fromArray(SPECIES, norms, j)).intoArray(norms, j);
            }
            for (; j < cols; j++) {
                norms[j] = Math.fma(weights[row + j], weights[row + j], norms[j]);
            }
        }
        PlainKernels.normsToMaxNormFactors(norms, cols, maxNorm);
        for (int r = 0; r < rows; r++) {
            int row = r * cols;
            int j = 0;
            for (; j <= cols - LANES; j += LANES) {
                FloatVector.fromArray(SPECIES, weights, row + j).mul(FloatVector.fromArray(SPECIES, norms, j)).intoArray(weights, row + j);
            }
            for (; j < cols; j++) {
                weights[row + j] *= norms[j];
            }
        }
    }
}
