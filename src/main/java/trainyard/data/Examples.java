package trainyard.data;

/**
 * A read-only view of labelled examples: rows [first, first + count) of shared arrays, held
 * either as bytes (images: MNIST is 55 MB as bytes, 220 MB as floats, converted per batch)
 * or as floats already encoded (a table's standardised and one-hot columns). Views share
 * the arrays, so a validation split or a sweep's trials cost no copy.
 *
 * @param pixels   (total, features) unsigned bytes, or null for float examples
 * @param values   (total, features) the network's inputs as they are, or null for byte examples
 * @param labels   (total) class indices
 * @param scale    what a byte is multiplied by to become the network's input: the dataset's
 *                 fact (1/255 for 8-bit grey images), carried here so every reader of the
 *                 view converts it alike; 1 for float examples
 */
public record Examples(byte[] pixels, float[] values, byte[] labels, int features, float scale, int first, int count) {
    public Examples {
        if ((pixels == null) == (values == null)) {
            throw new IllegalArgumentException("examples are bytes or floats, one of the two");
        }
        long total = pixels != null ? pixels.length : values.length;
        if (first < 0 || count < 0 || (long) (first + count) * features > total || first + count > labels.length) {
            throw new IllegalArgumentException("view [" + first + ", " + (first + count) + ") is outside the data");
        }
    }

    /** Images as stored: each byte times {@code scale} is an input. */
    public static Examples ofBytes(byte[] pixels, byte[] labels, int features, float scale, int count) {
        return new Examples(pixels, null, labels, features, scale, 0, count);
    }

    /** Inputs already encoded (a table's rows). */
    public static Examples ofFloats(float[] values, byte[] labels, int features, int count) {
        return new Examples(null, values, labels, features, 1f, 0, count);
    }

    public boolean holdsBytes() {
        return pixels != null;
    }

    /** The bytes the whole underlying data takes in memory (shared by every view of it). */
    public long dataBytes() {
        return pixels != null ? pixels.length : (long) values.length * Float.BYTES;
    }

    /** Rows [from, to) of this view. */
    public Examples slice(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + (to) + ") of " + count + " examples");
        }
        return new Examples(pixels, values, labels, features, scale, first + from, to - from);
    }

    public int label(int row) {
        return labels[first + row] & 0xff;
    }

    /** Where row {@code row} of this view starts in {@link #pixels()} or {@link #values()}. */
    public int pixelOffset(int row) {
        return (first + row) * features;
    }

    /**
     * Writes one-hot targets for rows {@code rows[start .. start+size)} (indices into this
     * view). The pixels are converted by the kernels, which own every vector loop.
     *
     * @param targets (size, classes) out
     */
    public void fillTargets(int[] rows, int start, int size, int classes, float[] targets) {
        java.util.Arrays.fill(targets, 0, size * classes, 0f);
        for (int b = 0; b < size; b++) {
            targets[b * classes + (labels[first + rows[start + b]] & 0xff)] = 1f;
        }
    }
}
