package trainyard.config;

/**
 * Keras's padding of a convolution or pooling window (keras/src/ops/operation_utils.py,
 * compute_conv_output_shape): {@code valid} uses only whole windows, so the output is
 * ⌊(input - window) / stride⌋ + 1 wide; {@code same} pads with zeros so that it is
 * ⌈input / stride⌉ wide, the padding split with the extra one after (as TensorFlow does).
 */
public enum Padding {
    VALID, SAME;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The output length along one axis; 0 when a valid window does not fit at all. */
    public int outputLength(int input, int window, int stride) {
        return this == SAME ? (input + stride - 1) / stride : input < window ? 0 : (input - window) / stride + 1;
    }

    /** Zeros added before the first input along one axis (the rest, if any, go after the last). */
    public int paddingBefore(int input, int window, int stride) {
        if (this == VALID) {
            return 0;
        }
        int total = Math.max((outputLength(input, window, stride) - 1) * stride + window - input, 0);
        return total / 2;
    }
}
