package trainyard.model;

import java.util.Arrays;

/**
 * The shape of one example as a layer sees it, without the batch: (784) for flattened
 * MNIST, (28, 28, 1) for an image a convolution would take. Layers pass shapes, not
 * widths, so that a layer whose output is not flat fits beside the dense ones.
 */
public record Shape(int... dimensions) {
    public Shape {
        dimensions = dimensions.clone();
        if (dimensions.length == 0) {
            throw new IllegalArgumentException("a shape needs at least one dimension");
        }
        long size = 1;
        for (int dimension : dimensions) {
            if (dimension < 1) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dimensions) + " has a dimension below 1");
            }
            size *= dimension;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dimensions) + " holds more than 2^31 values");
            }
        }
    }

    /** The values in one example: the product of the dimensions. */
    public int size() {
        int size = 1;
        for (int dimension : dimensions) {
            size *= dimension;
        }
        return size;
    }

    /** The number of dimensions: 1 for a flat input, 3 for an image (height, width, channels). */
    public int rank() {
        return dimensions.length;
    }

    /** The last dimension: an image's channels, a flat input's width. */
    public int channels() {
        return dimensions[dimensions.length - 1];
    }

    /** The dimension at index i. */
    public int dimension(int i) {
        return dimensions[i];
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** As Keras prints it, with the batch dimension: (None, 1024). */
    public String withBatch() {
        StringBuilder text = new StringBuilder("(None");
        for (int dimension : dimensions) {
            text.append(", ").append(dimension);
        }
        return text.append(')').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape shape && Arrays.equals(dimensions, shape.dimensions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dimensions);
    }

    @Override
    public String toString() {
        return Arrays.toString(dimensions);
    }
}
