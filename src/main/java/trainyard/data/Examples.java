package trainyard.data;

/**
 * A read-only view of labelled images: rows [first, first + count) of shared byte arrays.
 * Views share the arrays, so a validation split or a sweep's trials cost no copy.
 *
 * @param pixels   (total, features) unsigned bytes
 * @param labels   (total) class indices
 * @param scale    what a byte is multiplied by to become the network's input: the dataset's
 *                 fact (1/255 for 8-bit grey images), carried here so every reader of the
 *                 view converts it alike
 */
public record Examples(byte[] pixels, byte[] labels, int features, float scale, int first, int count) {
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
        return new Examples(pixels, labels, features, scale, first + from, to - from);
    }

    public int label(int row) {
        return labels[first + row] & 0xff;
    }

    /** Where row {@code row} of this view starts in {@link #pixels()}. */
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
