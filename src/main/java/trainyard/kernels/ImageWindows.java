package trainyard.kernels;

import java.util.Arrays;

/**
 * The window loops of convolution and pooling on channels-last images, each over a range
 * of examples [from, to) so that a caller may share a batch out between threads: each
 * example's outputs are computed by one thread in a fixed order, whatever the split.
 * These are copies, maxima and sums of a few values, bounded by memory rather than
 * arithmetic; the convolution's arithmetic is the matrix product the patches feed.
 *
 * <p>A convolution as a product (Chellapilla et al. 2006, "High Performance Convolutional
 * Neural Networks for Document Processing"; Caffe's im2col): each output position's window
 * is copied into one row of a patch matrix (batch·positions, windowHeight·windowWidth·channels),
 * in the order of the kernel's (height, width, in) axes, so patches · kernel (that size,
 * filters) is the output, channels last. The input gradient is the reverse: each patch
 * gradient row is added back into the positions it was copied from.
 */
final class ImageWindows {
    private ImageWindows() {
    }

    /** patches (batch·positions, patchSize) ← the windows of images (batch, height, width, channels); padding reads 0. */
    static void gatherPatches(float[] images, WindowGeometry g, float[] patches, int from, int to) {
        int channels = g.channels();
        int rowWidth = g.windowWidth() * channels;
        int patchSize = g.patchSize();
        for (int n = from; n < to; n++) {
            int image = n * g.imageSize();
            int row = n * g.positions();
            for (int oy = 0; oy < g.outputHeight(); oy++) {
                for (int ox = 0; ox < g.outputWidth(); ox++, row++) {
                    int patch = row * patchSize;
                    int x0 = ox * g.strideWidth() - g.padLeft();
                    int first = Math.max(0, -x0);                          // window columns left of the image
                    int last = Math.min(g.windowWidth(), g.width() - x0);  // one past the last column inside it
                    for (int ky = 0; ky < g.windowHeight(); ky++) {
                        int y = oy * g.strideHeight() - g.padTop() + ky;
                        int target = patch + ky * rowWidth;
                        if (y < 0 || y >= g.height() || first >= last) {
                            Arrays.fill(patches, target, target + rowWidth, 0f);
                            continue;
                        }
                        if (first > 0) {
                            Arrays.fill(patches, target, target + first * channels, 0f);
                        }
                        copy(images, image + (y * g.width() + x0 + first) * channels, patches, target + first * channels,
                                (last - first) * channels);
                        if (last < g.windowWidth()) {
                            Arrays.fill(patches, target + last * channels, target + rowWidth, 0f);
                        }
                    }
                }
            }
        }
    }

    /** A window row: a one-channel image's rows are a few values, which a loop copies faster than a call to arraycopy. */
    private static void copy(float[] source, int from, float[] target, int to, int count) {
        if (count < 16) {
            for (int k = 0; k < count; k++) {
                target[to + k] = source[from + k];
            }
        } else {
            System.arraycopy(source, from, target, to, count);
        }
    }

    /** Adds a patch row back into the image: target[to + k] += source[from + k] for k in [0, count). */
    @FunctionalInterface
    interface RowAdder {
        void add(float[] source, int from, float[] target, int to, int count);
    }

    /** One image window's maximum per channel (see {@link #maxOfWindow}), into out and argmax at output. */
    @FunctionalInterface
    interface WindowMaximum {
        void find(float[] images, WindowGeometry g, int image, int y0, int y1, int x0, int x1, float[] out, int[] argmax, int output);
    }

    /**
     * images (batch, height, width, channels) ← the sum, at each position, of the patch rows
     * that copied it: the input gradient from the patches' gradient. Each example is
     * zeroed, then its patches are added in output order.
     */
    static void scatterPatches(float[] patches, WindowGeometry g, float[] images, int from, int to) {
        scatterPatches(patches, g, images, from, to, (source, at, target, into, count) -> addInto(source, at, target, into, 0, count));
    }

    /** {@link #scatterPatches} with each row added by {@code adder} (the vector kernels' own, with this loop's order). */
    static void scatterPatches(float[] patches, WindowGeometry g, float[] images, int from, int to, RowAdder adder) {
        int channels = g.channels();
        int rowWidth = g.windowWidth() * channels;
        int patchSize = g.patchSize();
        Arrays.fill(images, from * g.imageSize(), to * g.imageSize(), 0f);
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
                        adder.add(patches, patch + ky * rowWidth + first * channels, images, image + (y * g.width() + x0 + first) * channels,
                                (last - first) * channels);
                    }
                }
            }
        }
    }

    /** target[to + k] += source[from + k] for k in [start, count): a patch row added back, and the vector loop's tail. */
    static void addInto(float[] source, int from, float[] target, int to, int start, int count) {
        for (int k = start; k < count; k++) {
            target[to + k] += source[from + k];
        }
    }

    /**
     * out (batch, outputHeight, outputWidth, channels) = the largest value of each window,
     * per channel, over the positions inside the image (padding is never the maximum, as
     * in Keras); argmax holds the index into images of each maximum, the first one on ties.
     */
    static void maxPool(float[] images, WindowGeometry g, float[] out, int[] argmax, int from, int to) {
        maxPool(images, g, out, argmax, from, to,
                (source, geometry, image, y0, y1, x0, x1, maxima, places, output) ->
                        maxOfWindow(source, geometry, image, y0, y1, x0, x1, maxima, places, output, 0, geometry.channels()));
    }

    /** {@link #maxPool} with each window's maxima found by {@code maximum} (the vector kernels' own, in this order). */
    static void maxPool(float[] images, WindowGeometry g, float[] out, int[] argmax, int from, int to, WindowMaximum maximum) {
        for (int n = from; n < to; n++) {
            int image = n * g.imageSize();
            int output = n * g.pooledSize();
            for (int oy = 0; oy < g.outputHeight(); oy++) {
                for (int ox = 0; ox < g.outputWidth(); ox++, output += g.channels()) {
                    maximum.find(images, g, image, g.firstRow(oy), g.endRow(oy), g.firstColumn(ox), g.endColumn(ox), out, argmax, output);
                }
            }
        }
    }

    /**
     * One window's maximum, rows [y0, y1) and columns [x0, x1) of the image at offset
     * image, for channels [fromChannel, toChannel), into out and argmax at offset output:
     * the window is read in row order and a value replaces the maximum only when larger.
     */
    static void maxOfWindow(float[] images, WindowGeometry g, int image, int y0, int y1, int x0, int x1, float[] out, int[] argmax,
                            int output, int fromChannel, int toChannel) {
        int channels = g.channels();
        int start = image + (y0 * g.width() + x0) * channels;
        for (int c = fromChannel; c < toChannel; c++) {
            out[output + c] = images[start + c];
            argmax[output + c] = start + c;
        }
        for (int y = y0; y < y1; y++) {
            for (int x = y == y0 ? x0 + 1 : x0; x < x1; x++) {
                int at = image + (y * g.width() + x) * channels;
                for (int c = fromChannel; c < toChannel; c++) {
                    if (images[at + c] > out[output + c]) {
                        out[output + c] = images[at + c];
                        argmax[output + c] = at + c;
                    }
                }
            }
        }
    }

    /**
     * inputGradient (batch, height, width, channels) ← each output's gradient added at its
     * maximum's position, zero elsewhere: max pooling's backward.
     */
    static void maxPoolBackward(float[] outputGradient, int[] argmax, WindowGeometry g, float[] inputGradient, int from, int to) {
        Arrays.fill(inputGradient, from * g.imageSize(), to * g.imageSize(), 0f);
        for (int k = from * g.pooledSize(), end = to * g.pooledSize(); k < end; k++) {
            inputGradient[argmax[k]] += outputGradient[k];
        }
    }
}
