package trainyard.kernels;

import static trainyard.kernels.VectorKernels.holds;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Window loops on the Vector API, beside their plain twins in {@link ImageWindows}: the
 * patches' scatter (a patch row added back a vector at a time) and max pooling. Max pooling:
 * a vector of channels at a time, the window read in the
 * same order as its plain twin {@link ImageWindows#maxPool}, a value taking over only when
 * larger, so the maxima and their places are the same, ties included. Channels past the
 * last whole vector are finished by the twin's {@link ImageWindows#maxOfWindow}.
 */
final class VectorWindows {
    private static final VectorSpecies<Float> SPECIES = VectorMath.SPECIES;
    private static final VectorSpecies<Integer> INDEX_SPECIES = VectorSpecies.of(int.class, SPECIES.vectorShape());
    private static final int LANES = SPECIES.length();

    private final WorkerPool pool;
    private final WindowJob windows = new WindowJob();

    VectorWindows(WorkerPool pool) {
        this.pool = pool;
    }

    void gatherPatches(float[] images, int batch, WindowGeometry geometry, float[] patches) {
        holds("images", images, batch, geometry.imageSize());
        holds("patches", patches, batch * geometry.positions(), geometry.patchSize());
        runWindows(WindowJob.GATHER, batch, geometry, images, patches, null);
    }

    void scatterPatches(float[] patches, int batch, WindowGeometry geometry, float[] images) {
        holds("patches", patches, batch * geometry.positions(), geometry.patchSize());
        holds("images", images, batch, geometry.imageSize());
        runWindows(WindowJob.SCATTER, batch, geometry, patches, images, null);
    }

    void maxPool(float[] images, int batch, WindowGeometry geometry, float[] out, int[] argmax) {
        holds("images", images, batch, geometry.imageSize());
        holds("out", out, batch, geometry.pooledSize());
        if (argmax.length < out.length) {
            throw new IllegalArgumentException("argmax has " + argmax.length + " places, fewer than out's " + out.length);
        }
        runWindows(WindowJob.MAX_POOL, batch, geometry, images, out, argmax);
    }

    void maxPoolBackward(float[] outputGradient, int[] argmax, int batch, WindowGeometry geometry, float[] inputGradient) {
        holds("outputGradient", outputGradient, batch, geometry.pooledSize());
        holds("inputGradient", inputGradient, batch, geometry.imageSize());
        runWindows(WindowJob.MAX_POOL_BACKWARD, batch, geometry, outputGradient, inputGradient, argmax);
    }

    private void runWindows(int operation, int batch, WindowGeometry geometry, float[] source, float[] target, int[] argmax) {
        windows.operation = operation;
        windows.geometry = geometry;
        windows.source = source;
        windows.target = target;
        windows.argmax = argmax;
        windows.batch = batch;
        windows.chunks = (long) batch * geometry.imageSize() < VectorUpdates.PARALLEL_ELEMENTS ? 1 : Math.min(batch, pool.threads());
        if (windows.chunks == 1) {
            windows.run(0);
        } else {
            pool.run(windows.chunks, windows);
        }
        windows.source = null;
        windows.target = null;
        windows.argmax = null;
        windows.geometry = null;
    }

    /** One of {@link ImageWindows}' loops over a share of the batch's examples; reused so that a step allocates nothing. */
    private static final class WindowJob implements WorkerPool.Job {
        static final int GATHER = 0;
        static final int SCATTER = 1;
        static final int MAX_POOL = 2;
        static final int MAX_POOL_BACKWARD = 3;
        int operation;
        WindowGeometry geometry;
        float[] source;
        float[] target;
        int[] argmax;
        int batch;
        int chunks;

        @Override
        public void run(int chunk) {
            int from = WorkerPool.share(batch, chunk, chunks);
            int to = WorkerPool.share(batch, chunk + 1, chunks);
            switch (operation) {
                case GATHER -> ImageWindows.gatherPatches(source, geometry, target, from, to);
                case SCATTER -> VectorWindows.scatterPatches(source, geometry, target, from, to);
                case MAX_POOL -> VectorWindows.maxPool(source, geometry, target, argmax, from, to);
                default -> ImageWindows.maxPoolBackward(source, argmax, geometry, target, from, to);
            }
        }
    }


    /** {@link ImageWindows#maxPool} a vector of channels at a time, for examples [from, to). */
    static void maxPool(float[] images, WindowGeometry g, float[] out, int[] argmax, int from, int to) {
        ImageWindows.maxPool(images, g, out, argmax, from, to, VectorWindows::maxOfWindow);
    }

    /** {@link ImageWindows#maxOfWindow} for every channel: whole vectors here, the rest by the twin. */
    private static void maxOfWindow(float[] images, WindowGeometry g, int image, int y0, int y1, int x0, int x1, float[] out, int[] argmax,
                                    int output) {
        int channels = g.channels();
        int wholeVectors = channels - channels % LANES;
        IntVector lanes = IntVector.fromArray(INDEX_SPECIES, Iota.VALUES, 0);
        int start = image + (y0 * g.width() + x0) * channels;
        for (int c = 0; c < wholeVectors; c += LANES) {
            FloatVector best = FloatVector.fromArray(SPECIES, images, start + c);
            IntVector where = lanes.add(start + c);
            for (int y = y0; y < y1; y++) {
                for (int x = y == y0 ? x0 + 1 : x0; x < x1; x++) {
                    int at = image + (y * g.width() + x) * channels + c;
                    FloatVector value = FloatVector.fromArray(SPECIES, images, at);
                    VectorMask<Float> larger = value.compare(VectorOperators.GT, best);
                    best = best.blend(value, larger);
                    where = where.blend(lanes.add(at), larger.cast(INDEX_SPECIES));
                }
            }
            best.intoArray(out, output + c);
            where.intoArray(argmax, output + c);
        }
        if (wholeVectors < channels) {
            ImageWindows.maxOfWindow(images, g, image, y0, y1, x0, x1, out, argmax, output, wholeVectors, channels);
        }
    }

    /**
     * {@link ImageWindows#scatterPatches} with each patch row added a vector at a time: one
     * addition per value in the same order, so the same bits as the twin.
     */
    static void scatterPatches(float[] patches, WindowGeometry g, float[] images, int from, int to) {
        ImageWindows.scatterPatches(patches, g, images, from, to, VectorWindows::addRow);
    }

    private static void addRow(float[] source, int from, float[] target, int to, int count) {
        int k = 0;
        for (; k <= count - LANES; k += LANES) {
            FloatVector.fromArray(SPECIES, target, to + k).add(FloatVector.fromArray(SPECIES, source, from + k)).intoArray(target, to + k);
        }
        ImageWindows.addInto(source, from, target, to, k, count);
    }

    /** 0, 1, 2, ...: each lane's own index. */
    private static final class Iota {
        static final int[] VALUES = new int[INDEX_SPECIES.length()];

        static {
            for (int i = 0; i < VALUES.length; i++) {
                VALUES[i] = i;
            }
        }
    }
}
