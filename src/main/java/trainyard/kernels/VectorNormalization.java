package trainyard.kernels;

import static trainyard.kernels.VectorKernels.holds;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation for {@link VectorKernels}: a vector of channels at a time, in exactly
 * the order of operations of its plain twin {@link ChannelNormalization} (float sums per
 * block of rows joined in doubles; multiply, then add), so both give the same bits. The
 * sums are shared out by channel vectors and the elementwise passes by rows: each result
 * is computed by one thread in a fixed order, on any number of threads. Channels that are
 * not a whole number of vectors are left to the twin, on the calling thread.
 */
final class VectorNormalization implements WorkerPool.Job {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();
    private static final int SUMS = 0;
    private static final int NORMALIZE = 1;
    private static final int INPUT_GRADIENT = 2;

    private final WorkerPool pool;
    private final float[][] laneScratch; // per chunk: one vector's lanes, to add into doubles in lane order

    // The pass being run: set by the caller, read by run() on every thread of the pool.
    private int operation;
    private int chunks;
    private int rows;
    private int channels;
    private float[] x;
    private float[] y;
    private float[] mean;
    private float[] gamma;
    private float[] beta;
    private float[] inverseDeviation;
    private float[] normalized;
    private float[] out;
    private float[] betaGradient;
    private float[] gammaGradient;
    private double[] sums;

    VectorNormalization(WorkerPool pool) {
        this.pool = pool;
        this.laneScratch = new float[pool.threads()][LANES];
    }

    void normalizeBatch(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean, float[] variance,
                        float[] inverseDeviation, float[] normalized, float[] out, double[] sums) {
        requireShapes(x, rows, channels, gamma, beta, mean, variance, inverseDeviation, out);
        holds("normalized", normalized, rows, channels);
        if (channels % LANES != 0) {
            ChannelNormalization.normalizeBatch(x, rows, channels, epsilon, gamma, beta, mean, variance, inverseDeviation, normalized, out, sums);
            return;
        }
        channelSums(x, null, null, rows, channels, sums);
        for (int c = 0; c < channels; c++) {
            mean[c] = (float) (sums[c] / rows);
        }
        channelSums(x, null, mean, rows, channels, sums);
        ChannelNormalization.statistics(rows, channels, epsilon, sums, variance, inverseDeviation);
        normalizeRows(x, rows, channels, gamma, beta, mean, inverseDeviation, normalized, out);
    }

    void normalize(float[] x, int rows, int channels, float epsilon, float[] gamma, float[] beta, float[] mean, float[] variance,
                   float[] inverseDeviation, float[] out) {
        requireShapes(x, rows, channels, gamma, beta, mean, variance, inverseDeviation, out);
        if (channels % LANES != 0) {
            ChannelNormalization.normalize(x, rows, channels, epsilon, gamma, beta, mean, variance, inverseDeviation, out);
            return;
        }
        for (int c = 0; c < channels; c++) {
            inverseDeviation[c] = (float) (1 / Math.sqrt(variance[c] + (double) epsilon));
        }
        normalizeRows(x, rows, channels, gamma, beta, mean, inverseDeviation, null, out);
    }

    void normalizeBatchBackward(float[] outputGradient, float[] normalized, int rows, int channels, float[] gamma, float[] inverseDeviation,
                                float[] gammaGradient, float[] betaGradient, float[] inputGradient, double[] sums) {
        holds("outputGradient", outputGradient, rows, channels);
        holds("normalized", normalized, rows, channels);
        if (inputGradient != null) {
            holds("inputGradient", inputGradient, rows, channels);
        }
        if (channels % LANES != 0) {
            ChannelNormalization.normalizeBatchBackward(outputGradient, normalized, rows, channels, gamma, inverseDeviation, gammaGradient,
                    betaGradient, inputGradient, sums);
            return;
        }
        channelSums(outputGradient, normalized, null, rows, channels, sums);
        for (int c = 0; c < channels; c++) {
            betaGradient[c] = (float) sums[c];
            gammaGradient[c] = (float) sums[channels + c];
        }
        if (inputGradient != null) {
            this.x = outputGradient;
            this.normalized = normalized;
            this.gamma = gamma;
            this.inverseDeviation = inverseDeviation;
            this.betaGradient = betaGradient;
            this.gammaGradient = gammaGradient;
            this.out = inputGradient;
            start(INPUT_GRADIENT, rows, channels, rows);
        }
    }

    private static void requireShapes(float[] x, int rows, int channels, float[] gamma, float[] beta, float[] mean, float[] variance,
                                      float[] inverseDeviation, float[] out) {
        holds("x", x, rows, channels);
        holds("out", out, rows, channels);
        holds("gamma", gamma, channels);
        holds("beta", beta, channels);
        holds("mean", mean, channels);
        holds("variance", variance, channels);
        holds("inverseDeviation", inverseDeviation, channels);
    }

    private void channelSums(float[] x, float[] y, float[] mean, int rows, int channels, double[] sums) {
        this.x = x;
        this.y = y;
        this.mean = mean;
        this.sums = sums;
        start(SUMS, rows, channels, channels / LANES);
    }

    private void normalizeRows(float[] x, int rows, int channels, float[] gamma, float[] beta, float[] mean, float[] inverseDeviation,
                               float[] normalized, float[] out) {
        this.x = x;
        this.gamma = gamma;
        this.beta = beta;
        this.mean = mean;
        this.inverseDeviation = inverseDeviation;
        this.normalized = normalized;
        this.out = out;
        start(NORMALIZE, rows, channels, rows);
    }

    /** Runs a pass over {@code parts} (channel vectors or rows), on the pool when it is large. */
    private void start(int operation, int rows, int channels, int parts) {
        this.operation = operation;
        this.rows = rows;
        this.channels = channels;
        this.chunks = (long) rows * channels < VectorUpdates.PARALLEL_ELEMENTS ? 1 : Math.max(1, Math.min(parts, pool.threads()));
        if (chunks == 1) {
            run(0);
        } else {
            pool.run(chunks, this);
        }
        x = y = mean = gamma = beta = inverseDeviation = normalized = out = betaGradient = gammaGradient = null;
        sums = null;
    }

    @Override
    public void run(int chunk) {
        if (operation == SUMS) {
            int vectors = channels / LANES;
            sums(WorkerPool.share(vectors, chunk, chunks) * LANES, WorkerPool.share(vectors, chunk + 1, chunks) * LANES, laneScratch[chunk]);
        } else if (operation == NORMALIZE) {
            normalize(WorkerPool.share(rows, chunk, chunks), WorkerPool.share(rows, chunk + 1, chunks));
        } else {
            inputGradient(WorkerPool.share(rows, chunk, chunks), WorkerPool.share(rows, chunk + 1, chunks));
        }
    }

    /** {@link ChannelNormalization#channelSums} for channels [from, to), a vector at a time. */
    private void sums(int from, int to, float[] lanes) {
        for (int j = from; j < to; j += LANES) {
            FloatVector centre = mean == null ? null : FloatVector.fromArray(SPECIES, mean, j);
            for (int lane = 0; lane < LANES; lane++) {
                sums[j + lane] = 0;
                sums[channels + j + lane] = 0;
            }
            for (int block = 0; block < rows; block += ChannelNormalization.BLOCK_ROWS) {
                int end = Math.min(rows, block + ChannelNormalization.BLOCK_ROWS);
                FloatVector sum = FloatVector.zero(SPECIES);
                FloatVector square = FloatVector.zero(SPECIES);
                for (int r = block; r < end; r++) {
                    FloatVector value = FloatVector.fromArray(SPECIES, x, r * channels + j);
                    if (centre != null) {
                        FloatVector centred = value.sub(centre);
                        square = square.add(centred.mul(centred));
                    } else if (y != null) {
                        square = square.add(value.mul(FloatVector.fromArray(SPECIES, y, r * channels + j)));
                    }
                    sum = sum.add(value);
                }
                sum.intoArray(lanes, 0);
                for (int lane = 0; lane < LANES; lane++) {
                    sums[j + lane] += lanes[lane];
                }
                square.intoArray(lanes, 0);
                for (int lane = 0; lane < LANES; lane++) {
                    sums[channels + j + lane] += lanes[lane];
                }
            }
        }
    }

    /** {@link ChannelNormalization#normalizeRows} for rows [from, to). */
    private void normalize(int from, int to) {
        for (int r = from; r < to; r++) {
            for (int j = 0; j < channels; j += LANES) {
                int at = r * channels + j;
                FloatVector hat = FloatVector.fromArray(SPECIES, x, at).sub(FloatVector.fromArray(SPECIES, mean, j))
                        .mul(FloatVector.fromArray(SPECIES, inverseDeviation, j));
                if (normalized != null) {
                    hat.intoArray(normalized, at);
                }
                FloatVector.fromArray(SPECIES, gamma, j).mul(hat).add(FloatVector.fromArray(SPECIES, beta, j)).intoArray(out, at);
            }
        }
    }

    /** {@link ChannelNormalization#inputGradientRows} for rows [from, to). */
    private void inputGradient(int from, int to) {
        float count = rows;
        for (int r = from; r < to; r++) {
            for (int j = 0; j < channels; j += LANES) {
                int at = r * channels + j;
                FloatVector scale = FloatVector.fromArray(SPECIES, gamma, j).mul(FloatVector.fromArray(SPECIES, inverseDeviation, j)).div(count);
                FloatVector dy = FloatVector.fromArray(SPECIES, x, at);
                FloatVector terms = dy.mul(count).sub(FloatVector.fromArray(SPECIES, betaGradient, j))
                        .sub(FloatVector.fromArray(SPECIES, normalized, at).mul(FloatVector.fromArray(SPECIES, gammaGradient, j)));
                scale.mul(terms).intoArray(out, at);
            }
        }
    }
}
