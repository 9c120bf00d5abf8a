package trainyard.data;

/**
 * A read-only view of labelled examples: rows [first, first + count) of shared arrays, held
 * either as bytes (images: MNIST is 55 MB as bytes, 220 MB as floats, converted per batch)
 * or as floats already encoded (a table's standardised and one-hot columns). Views share
 * the arrays, so a validation split or a sweep's trials cost no copy.
 *
 * @param pixels   (total, features) unsigned bytes, or null for float examples
 * @param values   (total, features) the network's inputs as they are, or null for byte examples
 * @param labels   (total) class indices, or null for a regression
 * @param targets  (total) a regression's target values as the network learns them, or null
 * @param scale    what a byte is multiplied by to become the network's input: the dataset's
 *                 fact (1/255 for 8-bit grey images), carried here so every reader of the
 *                 view converts it alike; 1 for float examples
 */
public record Examples(byte[] pixels, float[] values, byte[] labels, float[] targets, int features, float scale, int first, int count) {
    public Examples {
        if ((pixels == null) == (values == null)) {
            throw new IllegalArgumentException("examples are bytes or floats, one of the two");
        }
        long total = pixels != null ? pixels.length : values.length;
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("examples have class labels or regression targets, one of the two");
        }
        int outcomes = labels != null ? labels.length : targets.length;
        if (first < 0 || count < 0 || (long) (first + count) * features > total || first + count > outcomes) {
            throw new IllegalArgumentException("view [" + first + ", " + (first + count) + ") is outside the data");
        }
    }

    /** Images as stored: each byte times {@code scale} is an input. */
    public static Examples ofBytes(byte[] pixels, byte[] labels, int features, float scale, int count) {
        return new Examples(pixels, null, labels, null, features, scale, 0, count);
    }

    /** Inputs already encoded (a table's rows) with class labels. */
    public static Examples ofFloats(float[] values, byte[] labels, int features, int count) {
        return new Examples(null, values, labels, null, features, 1f, 0, count);
    }

    /** Inputs already encoded (a table's rows) with a regression's targets. */
    public static Examples ofFloats(float[] values, float[] targets, int features, int count) {
        return new Examples(null, values, null, targets, features, 1f, 0, count);
    }

    public boolean isRegression() {
        return targets != null;
    }

    /** A regression's target for a row of this view, as the network learns it. */
    public float target(int row) {
        return targets[first + row];
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
        return new Examples(pixels, values, labels, targets, features, scale, first + from, to - from);
    }

    public int label(int row) {
        return labels[first + row] & 0xff;
    }

    /** Where row {@code row} of this view starts in {@link #pixels()} or {@link #values()}. */
    public int pixelOffset(int row) {
        return (first + row) * features;
    }

    /**
     * Writes one-hot targets (a regression's: its target) for rows {@code rows[start .. start+size)} (indices into this
     * view). The pixels are converted by the kernels, which own every vector loop.
     *
     * @param targets (size, classes) out
     */
    public void fillTargets(int[] rows, int start, int size, int classes, float[] targets) {
        if (this.targets != null) { // a regression: one output, the target itself
            for (int b = 0; b < size; b++) {
                targets[b] = this.targets[first + rows[start + b]];
            }
            return;
        }
        java.util.Arrays.fill(targets, 0, size * classes, 0f);
        for (int b = 0; b < size; b++) {
            targets[b * classes + (labels[first + rows[start + b]] & 0xff)] = 1f;
        }
    }
}
