package trainyard.model;

/**
 * A trainable array and its gradient, of equal length. The optimizer owns its own
 * per-parameter state; a parameter holds none.
 *
 * @param shape (inputs, outputs) for a dense kernel, (height, width, in, out) for a convolution's, (outputs) for a bias
 */
public record Parameter(String name, float[] values, float[] gradient, int[] shape) {
    public Parameter {
        if (values.length != gradient.length) {
            throw new IllegalArgumentException(name + ": values and gradient differ in length");
        }
        long elements = 1;
        for (int dimension : shape) {
            elements *= dimension;
        }
        if (shape.length == 0 || shape.length > 4 || elements != values.length) {
            throw new IllegalArgumentException(name + ": shape " + java.util.Arrays.toString(shape) + " does not hold " + values.length + " values");
        }
    }

    public int size() {
        return values.length;
    }

    /**
     * A kernel drawn Glorot-uniform, U(-limit, limit) with limit = √(6 / (fanIn + fanOut)),
     * Keras's default kernel initializer (keras/src/initializers/random_initializers.py),
     * every value from {@code random} in order; its gradient zero.
     */
    static Parameter glorotUniform(String name, int[] shape, double fanIn, double fanOut, java.util.SplittableRandom random) {
        int count = 1;
        for (int dimension : shape) {
            count *= dimension;
        }
        float[] values = new float[count];
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-limit, limit);
        }
        return new Parameter(name, values, new float[count], shape);
    }

    /** A bias (or β): zeros, and a zero gradient. */
    static Parameter zeros(String name, int count) {
        return new Parameter(name, new float[count], new float[count], new int[] {count});
    }
}
