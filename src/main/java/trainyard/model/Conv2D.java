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
    private final float[] columnScratch;   // (filters): MaxNorm's norms; null without it
    private float[] weightsTransposed;     // (filters, patchSize); only when an input gradient is wanted
    private float[] patchGradient;         // (maxBatch · positions, patchSize); the same
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
        float[] initial = new float[patchSize * filters];
        int window = geometry.windowHeight() * geometry.windowWidth();
        double limit = Math.sqrt(6.0 / ((double) window * geometry.channels() + (double) window * filters));
        for (int i = 0; i < initial.length; i++) {
            initial[i] = (float) random.nextDouble(-limit, limit);
        }
        this.weights = new Parameter(plan.name() + "/kernel", initial, new float[initial.length],
                new int[] {geometry.windowHeight(), geometry.windowWidth(), geometry.channels(), filters});
        this.bias = plan.useBias() ? new Parameter(plan.name() + "/bias", new float[filters], new float[filters], new int[] {filters}) : null;
        int rows = maxBatch * geometry.positions();
        this.patches = new float[rows * patchSize];
        this.output = new float[rows * filters];
        this.outputGradient = new float[rows * filters];
        this.columnScratch = plan.maxNorm() == null ? null : new float[filters];
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public void sendInputGradientTo(float[] inputGradient) {
        this.inputGradient = inputGradient;
        this.weightsTransposed = new float[patchSize * filters];
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
            kernels.transpose(weights.values(), patchSize, filters, weightsTransposed);
            kernels.multiply(outputGradient, weightsTransposed, null, patchGradient, rows, filters, patchSize);
            kernels.scatterPatches(patchGradient, batch, geometry, inputGradient);
        }
    }

    @Override
    public double penalty() {
        return plan.l2() == 0 ? 0 : plan.l2() * kernels.sumOfSquares(weights.values(), weights.size());
    }

    @Override
    public void addPenaltyGradient() {
        if (plan.l2() != 0) {
            kernels.addScaled(weights.gradient(), weights.values(), (float) (2 * plan.l2()), weights.size());
        }
    }

    @Override
    public void constrain() {
        if (columnScratch != null) {
            kernels.limitColumnNorms(weights.values(), patchSize, filters, plan.maxNorm().floatValue(), columnScratch);
        }
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weights) : List.of(weights, bias);
    }
}
