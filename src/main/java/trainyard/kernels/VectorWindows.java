package trainyard.kernels;

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

    private VectorWindows() {
    }

    static void maxPool(float[] images, WindowGeometry g, float[] out, int[] argmax, int from, int to) {
        int channels = g.channels();
        int wholeVectors = channels - channels % LANES;
        IntVector lanes = IntVector.fromArray(INDEX_SPECIES, Iota.VALUES, 0);
        for (int n = from; n < to; n++) {
            int image = n * g.imageSize();
            int output = n * g.pooledSize();
            for (int oy = 0; oy < g.outputHeight(); oy++) {
                int y0 = Math.max(0, oy * g.strideHeight() - g.padTop());
                int y1 = Math.min(g.height(), oy * g.strideHeight() - g.padTop() + g.windowHeight());
                for (int ox = 0; ox < g.outputWidth(); ox++, output += channels) {
                    int x0 = Math.max(0, ox * g.strideWidth() - g.padLeft());
                    int x1 = Math.min(g.width(), ox * g.strideWidth() - g.padLeft() + g.windowWidth());
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
            }
        }
    }

    /**
     * {@link ImageWindows#scatterPatches} with each patch row added a vector at a time: one
     * addition per value in the same order, so the same bits as the twin.
     */
    static void scatterPatches(float[] patches, WindowGeometry g, float[] images, int from, int to) {
        int channels = g.channels();
        int rowWidth = g.windowWidth() * channels;
        int patchSize = g.patchSize();
        java.util.Arrays.fill(images, from * g.imageSize(), to * g.imageSize(), 0f);
        for (int n = from; n < to; n++) {
            int image = n * g.imageSize();
            int row = n * g.positions();
            for (int oy = 0; oy < g.outputHeight(); oy++) {
                for (int ox = 0; ox < g.outputWidth(); ox++, row++) {
                    int patch = row * patchSize;
                    int x0 = ox * g.strideWidth() - g.padLeft();
                    int first = Math.max(0, -x0);
                    int last = Math.min(g.windowWidth(), g.width() - x0);
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        int y = oy * g.strideHeight() - g.padTop() + ky;
                        if (y < 0 || y >= g.height() || first >= last) {
                            continue;
                        }
                        int source = patch + ky * rowWidth + first * channels;
                        int target = image + (y * g.width() + x0 + first) * channels;
                        int count = (last - first) * channels;
                        int k = 0;
                        for (; k <= count - LANES; k += LANES) {
                            FloatVector.fromArray(SPECIES, images, target + k).add(FloatVector.fromArray(SPECIES, patches, source + k))
                                    .intoArray(images, target + k);
                        }
                        ImageWindows.addInto(patches, source, images, target, k, count);
                    }
                }
            }
        }
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
