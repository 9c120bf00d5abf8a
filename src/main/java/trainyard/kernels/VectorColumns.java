package trainyard.kernels;

import static trainyard.kernels.VectorKernels.holds;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Column-wise work for {@link VectorKernels}: column sums (the bias gradient), shared out
 * where large, each output computed by one thread in a fixed order. The reference is
 * {@link PlainKernels#columnSums}.
 */
final class VectorColumns {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();

    private final WorkerPool pool;
    private final ColumnSumsJob columnSummer = new ColumnSumsJob();

    VectorColumns(WorkerPool pool) {
        this.pool = pool;
    }

    void columnSums(float[] a, int rows, int cols, float[] out) {
        holds("a", a, rows, cols);
        holds("out", out, cols);
        int vectors = cols / LANES;
        columnSummer.a = a;
        columnSummer.rows = rows;
        columnSummer.cols = cols;
        columnSummer.out = out;
        columnSummer.vectors = vectors;
        // A convolution's bias gradient sums 86,528 rows a step; each thread takes its own columns.
        columnSummer.chunks = (long) rows * cols < VectorUpdates.PARALLEL_ELEMENTS || vectors < 2 ? 1 : Math.min(vectors, pool.threads());
        if (columnSummer.chunks == 1) {
            columnSummer.run(0);
        } else {
            pool.run(columnSummer.chunks, columnSummer);
        }
        for (int j = vectors * LANES; j < cols; j++) {
            float sum = 0f;
            for (int i = 0; i < rows; i++) {
                sum += a[i * cols + j];
            }
            out[j] = sum;
        }
        columnSummer.a = null;
        columnSummer.out = null;
    }

    /** Column sums for a share of the whole column vectors, each summed down the rows in order; reused so a step allocates nothing. */
    private static final class ColumnSumsJob implements WorkerPool.Job {
        float[] a;
        int rows;
        int cols;
        float[] out;
        int vectors;
        int chunks;

        @Override
        public void run(int chunk) {
            int end = WorkerPool.share(vectors, chunk + 1, chunks) * LANES;
            for (int j = WorkerPool.share(vectors, chunk, chunks) * LANES; j < end; j += LANES) {
                FloatVector sum = FloatVector.zero(SPECIES);
                for (int i = 0, offset = j; i < rows; i++, offset += cols) {
                    sum = sum.add(FloatVector.fromArray(SPECIES, a, offset));
                }
                sum.intoArray(out, j);
            }
        }
    }
}
