package trainyard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.Activation;
import trainyard.config.Conv2DSpec;
import trainyard.config.Padding;
import trainyard.kernels.Kernels;
import trainyard.kernels.WindowGeometry;

/**
 * keras.layers.Conv2D (keras/src/layers/convolutional/base_conv.py), channels last:
 * y = activation(conv(x, W) + b), with the kernel W stored (kernelHeight, kernelWidth,
 * in, filters) as Keras stores it. Computed as a product: the input's windows are copied
 * into patch rows (batch·positions, kernelHeight·kernelWidth·in), so the output is
 * patches · W + b with the batch folded into the rows, the kernel gradient is patchesᵀ · dz
 * and the input gradient dz · Wᵀ added back into the windows. Dense's options apply to
 * the kernel: an L2 regulariser, and MaxNorm over each filter's whole window
 * (Keras's MaxNorm(axis=[0, 1, 2]), the axes its docstring gives for a convolution).
 *
 * <p>Deliberately not here: dilation, groups, channels first.
 */
public final class Conv2D implements Layer {
    private final Plan plan;
    private final Kernels kernels;
    private final WindowGeometry geometry;
    private final int patchSize;           // kernelHeight · kernelWidth · in
    private final int filters;
    private final Parameter weights;       // (kernelHeight, kernelWidth, in, filters), as a matrix (patchSize, filters)
    private final Parameter bias;          // (filters); null without use_bias
    private final float[] patches;         // (maxBatch · positions, patchSize)
    private final float[] output;          // (maxBatch, outputHeight, outputWidth, filters)
    private final float[] outputGradient;  // the same shape: dL/dy, then dL/dz in place
    private final KernelRegularisation regularisation; // L2 and MaxNorm on the kernel
    private float[] patchGradient;         // (maxBatch · positions, patchSize); only when an input gradient is wanted
    private float[] inputGradient;         // the previous layer's outputGradient, not owned

    /** @param index 1 for the network's first convolution: its tensors are conv2d_1/kernel and conv2d_1/bias */
    public record Plan(int index, Shape inputShape, int filters, WindowGeometry geometry, Activation activation, boolean useBias,
                       double l2, Double maxNorm) implements LayerPlan {
        @Override
        public String name() {
            return "conv2d_" + index;
        }

        @Override
        public String type() {
            return "Conv2D";
        }

        @Override
        public Shape outputShape() {
            return new Shape(geometry.outputHeight(), geometry.outputWidth(), filters);
        }

        @Override
        public long parameterCount() {
            return (long) geometry.patchSize() * filters + (useBias ? filters : 0);
        }

        /** Output and its gradient, and the patches and their gradient, per example. */
        @Override
        public long floatsPerExample() {
            return 2L * geometry.positions() * filters + 2L * geometry.positions() * geometry.patchSize();
        }

        @Override
        public long extraFloatsPerParameter() {
            return 1;
        }

        @Override
        public List<TensorShape> tensors() {
            List<TensorShape> tensors = new ArrayList<>();
            tensors.add(new TensorShape(name() + "/kernel", geometry.windowHeight(), geometry.windowWidth(), geometry.channels(), filters));
            if (useBias) {
                tensors.add(new TensorShape(name() + "/bias", filters));
            }
            return tensors;
        }

        @Override
        public Layer build(Kernels kernels, int maxBatch, SplittableRandom random, long seed) {
            return new Conv2D(this, kernels, maxBatch, random);
        }
    }

    /** The plan of a convolution on {@code input}; refuses an input that is not an image, or a window that does not fit it. */
    static Plan plan(int index, Shape input, Conv2DSpec spec, String key) {
        WindowGeometry geometry = windows(input, spec.kernelSize(), spec.strides(), spec.padding(), key, "conv2d", "kernel_size");
        return new Plan(index, input, spec.filters(), geometry, spec.activation(), spec.useBias(), spec.kernel().l2(), spec.kernel().maxNorm());
    }

    /**
     * How a window of the given size and strides slides over an image input, or a
     * {@link ShapeMismatch} at {@code key.sizeKey} naming both shapes when it cannot.
     */
    static WindowGeometry windows(Shape input, trainyard.config.Window size, trainyard.config.Window strides, Padding padding, String key,
                                  String type, String sizeKey) {
        if (input.rank() != 3) {
            throw new ShapeMismatch(key + "." + type, type + " needs an image input (height, width, channels); it receives "
                    + input.withBatch() + (input.rank() == 1 ? ", a flat row (a table's features, or after flatten or dense)" : ""));
        }
        int height = input.dimension(0);
        int width = input.dimension(1);
        int outputHeight = padding.outputLength(height, size.height(), strides.height());
        int outputWidth = padding.outputLength(width, size.width(), strides.width());
        if (outputHeight < 1 || outputWidth < 1) {
            throw new ShapeMismatch(key + "." + sizeKey, "a " + size + " window does not fit the " + height + "x" + width + " input "
                    + input.withBatch() + " with padding: valid; use a smaller window, or padding: same");
        }
        return new WindowGeometry(height, width, input.channels(), size.height(), size.width(), strides.height(), strides.width(),
                padding.paddingBefore(height, size.height(), strides.height()), padding.paddingBefore(width, size.width(), strides.width()),
                outputHeight, outputWidth);
    }

    /**
     * Kernel Glorot-uniform, U(-limit, limit) with limit = √(6 / (fan_in + fan_out)), where
     * fan_in = kernelHeight·kernelWidth·in and fan_out = kernelHeight·kernelWidth·filters
     * (keras/src/initializers/random_initializers.py, compute_fans); biases zero.
     */
    private Conv2D(Plan plan, Kernels kernels, int maxBatch, SplittableRandom random) {
        this.plan = plan;
        this.kernels = kernels;
        this.geometry = plan.geometry();
        this.patchSize = geometry.patchSize();
        this.filters = plan.filters();
        int window = geometry.windowHeight() * geometry.windowWidth();
        this.weights = Parameter.glorotUniform(plan.name() + "/kernel",
                new int[] {geometry.windowHeight(), geometry.windowWidth(), geometry.channels(), filters},
                (double) window * geometry.channels(), (double) window * filters, random);
        this.bias = plan.useBias() ? Parameter.zeros(plan.name() + "/bias", filters) : null;
        int rows = maxBatch * geometry.positions();
        this.patches = new float[rows * patchSize];
        this.output = new float[rows * filters];
        this.outputGradient = new float[rows * filters];
        this.regularisation = new KernelRegularisation(kernels, weights, patchSize, filters, plan.l2(), plan.maxNorm());
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public void sendInputGradientTo(float[] inputGradient) {
        this.inputGradient = inputGradient;
        this.patchGradient = new float[patches.length];
    }

    /** input (batch, height, width, in) → patches (batch·positions, patchSize) · W (patchSize, filters) + b → activation. */
    @Override
    public float[] forward(float[] input, int batch, Mode mode, long step) {
        int rows = batch * geometry.positions();
        kernels.gatherPatches(input, batch, geometry, patches);
        kernels.multiply(patches, weights.values(), bias == null ? null : bias.values(), output, rows, patchSize, filters);
        Activations.forward(kernels, plan.activation(), output, rows, filters);
        return output;
    }

    @Override
    public float[] outputGradient() {
        return outputGradient;
    }

    /** dz = dy ⊙ activation'; dW = patchesᵀ · dz; db = Σ dz; dx = the windows of dz · Wᵀ added back. */
    @Override
    public void backward(int batch) {
        int rows = batch * geometry.positions();
        Activations.backward(kernels, plan.activation(), output, outputGradient, rows, filters);
        // patches (rows, patchSize)ᵀ · dz (rows, filters) → dW (patchSize, filters)
        kernels.multiplyTransposedLeft(patches, outputGradient, weights.gradient(), rows, patchSize, filters);
        if (bias != null) {
            kernels.columnSums(outputGradient, rows, filters, bias.gradient());
        }
        if (inputGradient != null) {
            // dz (rows, filters) · Wᵀ (filters, patchSize) → patch gradient (rows, patchSize)
            kernels.multiplyTransposedRight(outputGradient, weights.values(), patchGradient, rows, filters, patchSize);
            kernels.scatterPatches(patchGradient, batch, geometry, inputGradient);
        }
    }

    @Override
    public double penalty() {
        return regularisation.penalty();
    }

    @Override
    public void addPenaltyGradient() {
        regularisation.addPenaltyGradient();
    }

    @Override
    public void constrain() {
        regularisation.constrain();
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weights) : List.of(weights, bias);
    }
}
