package trainyard.kernels;

import static trainyard.kernels.VectorKernels.holds;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Pixels to floats for {@link VectorKernels}: unsigned bytes widened a quarter vector at a
 * time and scaled, and a batch gathered from its rows. The reference is the same-named
 * method of {@link PlainKernels}.
 */
final class VectorPixels {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final int LANES = SPECIES.length();
    /**
     * Bytes of the float vector's own shape: one load holds 4 float vectors' worth, widened
     * part by part. (A byte vector of exactly one float vector's lanes would be 32 bits wide
     * at 128-bit floats, a shape that does not exist.)
     */
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, SPECIES.vectorShape());
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());

    /** Bytes per cache line on every x86-64 and most ARM cores; a touch per 64 bytes reaches every line of a row. */
    private static final int CACHE_LINE = 64;
    /** Where {@link #touch} leaves its sum: written, never read. */
    private static int touched;

    private final WorkerPool pool;
    private final GatherJob gather = new GatherJob();

    VectorPixels(WorkerPool pool) {
        this.pool = pool;
    }

    void unsignedBytesToFloats(byte[] source, int sourceOffset, float[] out, int outOffset, int count, float scale) {
        java.util.Objects.checkFromIndexSize(sourceOffset, count, source.length);
        java.util.Objects.checkFromIndexSize(outOffset, count, out.length);
        convertBytes(source, sourceOffset, out, outOffset, count, scale);
    }

    /**
     * Split like the first layer's product ({@link MatrixProduct#halfOf}): on two threads
     * each converts the half of every row that it alone multiplies and differentiates, so
     * the batch never has to cross between cores.
     */
    void gatherScaledBytes(byte[] source, int[] rowOffsets, int rows, int width, float scale, float[] out) {
        holds("out", out, rows, width);
        java.util.Objects.checkFromIndexSize(0, rows, rowOffsets.length);
        for (int r = 0; r < rows; r++) {
            java.util.Objects.checkFromIndexSize(rowOffsets[r], width, source.length);
        }
        gather.source = source;
        gather.rowOffsets = rowOffsets;
        gather.rows = rows;
        gather.width = width;
        gather.scale = scale;
        gather.out = out;
        gather.half = MatrixProduct.halfOf(width);
        if ((long) rows * width < VectorUpdates.PARALLEL_ELEMENTS || pool.threads() == 1) {
            gather.run(0, width);
        } else {
            pool.run(2, gather);
        }
        gather.source = null;
        gather.out = null;
    }

    /** Columns [half, width) or [0, half) of every row of a batch; reused so that a step allocates nothing. */
    private static final class GatherJob implements WorkerPool.Job {
        byte[] source;
        int[] rowOffsets;
        int rows;
        int width;
        float scale;
        float[] out;
        int half;

            public void run(int chunk) {
            if (chunk == 0) {
                run(0, half);
            } else {
                run(half, width);
            }
        }

        void run(int from, int to) {
            touched = touch(source, rowOffsets, rows, from, to);
            for (int r = 0; r < rows; r++) {
                convertBytes(source, rowOffsets[r] + from, out, r * width + from, to - from, scale);
            }
        }
    }

    /**
     * Reads one byte of every cache line of the batch's rows, columns [from, to), before
     * they are converted. A shuffled batch's rows are scattered over the whole dataset and,
     * after a step's weights and moments have passed through the caches, come from memory:
     * this short loop has many of those loads in flight at once, where the conversion loop,
     * a few dozen instructions per line, has about one (docs/performance.md has the
     * figures). Java has no prefetch instruction; the sum is kept only so that the
     * compiler cannot drop the loads.
     */
    private static int touch(byte[] source, int[] rowOffsets, int rows, int from, int to) {
        int sum = 0;
        for (int r = 0; r < rows && from < to; r++) {
            int end = rowOffsets[r] + to;
            for (int k = rowOffsets[r] + from; k < end; k += CACHE_LINE) {
                sum += source[k];
            }
            sum += source[end - 1];
        }
        return sum;
    }

    /** The loop of {@link #unsignedBytesToFloats}, once its bounds are checked. */
    private static void convertBytes(byte[] source, int sourceOffset, float[] out, int outOffset, int count, float scale) {
        int k = 0;
        for (; k <= count - 4 * LANES; k += 4 * LANES) {
            ByteVector bytes = ByteVector.fromArray(BYTES, source, sourceOffset + k);
            widenScaled(bytes, 0, scale).intoArray(out, outOffset + k);
            widenScaled(bytes, 1, scale).intoArray(out, outOffset + k + LANES);
            widenScaled(bytes, 2, scale).intoArray(out, outOffset + k + 2 * LANES);
            widenScaled(bytes, 3, scale).intoArray(out, outOffset + k + 3 * LANES);
        }
        for (; k < count; k++) {
            out[outOffset + k] = (source[sourceOffset + k] & 0xff) * scale;
        }
    }

    /** Quarter {@code part} of the bytes as unsigned ints, as floats, times scale. */
    private static FloatVector widenScaled(ByteVector bytes, int part, float scale) {
        IntVector widened = (IntVector) bytes.convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, part);
        return ((FloatVector) widened.convert(VectorOperators.I2F, 0)).mul(scale);
    }
}
