package trainyard.model;

import trainyard.kernels.Kernels;

/**
 * What Dense and Conv2D do to their kernel beside training it, seen as a matrix (rows,
 * units): Keras's L2 regulariser (l2·ΣW² joins the loss, 2·l2·W the gradient;
 * keras/src/regularizers/regularizers.py) and MaxNorm constraint, each unit's column
 * rescaled to a norm of at most maxNorm after every step (keras/src/constraints/constraints.py).
 * The bias is neither, as in Keras when only kernel_* is given.
 */
final class KernelRegularisation {
    private final Kernels kernels;
    private final Parameter kernel;
    private final int rows;
    private final int units;
    private final double l2;
    private final Double maxNorm;
    private final float[] columnScratch; // (units): MaxNorm's norms; null without it

    /** @param l2 0 for none; @param maxNorm null for none */
    KernelRegularisation(Kernels kernels, Parameter kernel, int rows, int units, double l2, Double maxNorm) {
        this.kernels = kernels;
        this.kernel = kernel;
        this.rows = rows;
        this.units = units;
        this.l2 = l2;
        this.maxNorm = maxNorm;
        this.columnScratch = maxNorm == null ? null : new float[units];
    }

    double penalty() {
        return l2 == 0 ? 0 : l2 * kernels.sumOfSquares(kernel.values(), kernel.size());
    }

    void addPenaltyGradient() {
        if (l2 != 0) {
            kernels.addScaled(kernel.gradient(), kernel.values(), (float) (2 * l2), kernel.size());
        }
    }

    void constrain() {
        if (columnScratch != null) {
            kernels.limitColumnNorms(kernel.values(), rows, units, maxNorm.floatValue(), columnScratch);
        }
    }
}
