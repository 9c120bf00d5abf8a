package trainyard.data;

/**
 * A read-only view of labelled images: rows [first, first + count) of shared byte arrays.
 * Views share the arrays, so a validation split or a sweep's trials cost no copy.
 *
 * @param pixels   (total, features) unsigned bytes
 * @param labels   (total) class indices
 */
public record Examples(byte[] pixels, byte[] labels, int features, int first, int count) {
    public Examples {
        if (first < 0 || count < 0 || (long) (first + count) * features > pixels.length || first + count > labels.length) {
            throw new IllegalArgumentException("view [" + first + ", " + (first + count) + ") is outside the data");
        }
    }

    /** Rows [from, to) of this view. */
    public Examples slice(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of " + count + " examples");
        }
        return new Examples(pixels, labels, features, first + from, to - from);
    }

    public int label(int row) {
        return labels[first + row] & 0xff;
    }

    /**
     * Writes rows {@code rows[start .. start+size)} (indices into this view) as floats in
     * [0, 1] (pixel / 255, the tutorials' scaling) and as one-hot targets.
     *
     * @param inputs  (size, features) out
     * @param targets (size, classes) out
     */
    public void fillBatch(int[] rows, int start, int size, int classes, float[] inputs, float[] targets) {
        final float scale = 1f / 255f;
        java.util.Arrays.fill(targets, 0, size * classes, 0f);
        for (int b = 0; b < size; b++) {
            int row = first + rows[start + b];
            int source = row * features;
            int target = b * features;
            for (int f = 0; f < features; f++) {
                inputs[target + f] = (pixels[source + f] & 0xff) * scale;
            }
            targets[b * classes + (labels[row] & 0xff)] = 1f;
        }
    }
}
