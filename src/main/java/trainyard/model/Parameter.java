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
}
