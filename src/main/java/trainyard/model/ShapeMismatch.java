package trainyard.model;

/**
 * A layer that does not fit its input (a kernel larger than the image, pooling that leaves
 * nothing, a convolution on a table), found when the architecture is planned, before
 * anything is allocated.
 *
 * @param key the layer's key the fault is in, under model: {@code layers[2].kernel_size}
 */
public final class ShapeMismatch extends IllegalArgumentException {
    private final String key;

    public ShapeMismatch(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key path under model:, such as layers[2].kernel_size. */
    public String key() {
        return key;
    }
}
