package trainyard.config;

/**
 * One entry of {@code model.layers}: a layer type and its options, read, checked and
 * written by that type's own file ({@link DenseSpec}, {@link Conv2DSpec}, ...), found by
 * its key in {@link LayerTypes}. A spec knows nothing of shapes: whether it fits its input
 * (a kernel larger than the image, pooling that leaves nothing) is the model's plan's
 * question, asked once the dataset is known.
 */
public interface LayerSpec {
    /** The key that names the type in a file, Keras's layer name in snake case: dense, conv2d, flatten. */
    String type();

    /**
     * As the file writes it: a mapping led by the type key, or the bare type name for a
     * layer whose options are all at their defaults. Options at their default stay out, so
     * adding an option never renames existing runs.
     */
    Object canonical();
}
