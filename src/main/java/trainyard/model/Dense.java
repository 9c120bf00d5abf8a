package trainyard.model;

import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.Activation;
import trainyard.config.DenseSpec;
import trainyard.kernels.Kernels;

/**
 * A fully connected layer, y = activation(x · W + b), as keras.layers.Dense computes it,
 * with W stored (inputs, outputs) like Keras's kernel, and Dense's two weight options:
 * an L2 kernel regulariser (l2 · ΣW² joins the loss, 2 · l2 · W the gradient;
 * keras/regularizers/regularizers.py) and a MaxNorm kernel constraint applied after
 * every step (keras/constraints/constraints.py). The bias is neither regularised nor
 * constrained, as in Keras when only kernel_* is given. A non-flat input is flattened.
 */
public final class Dense implements Layer {
    private final Plan plan;
    private final Kernels kernels;
    private final int inputs;
    private final int outputs;
    private final Parameter weights;          // (inputs, outputs)
    private final Parameter bias;             // (outputs)
    private final float[] output;             // (maxBatch, outputs): activation(x·W + b)
    private final float[] outputGradient;     // (maxBatch, outputs): dL/dy, then dL/dz in place
    private final KernelRegularisation regularisation; // L2 and MaxNorm on the kernel
    private float[] inputGradient;            // (maxBatch, inputs): the previous layer's outputGradient, not owned
    private float[] input;                    // (batch, inputs): the last forward's input, not owned

    /**
     * @param index       1 for the first dense layer: names its tensors dense_1/kernel and dense_1/bias
     * @param l2          0 for none
     * @param maxNorm     null for none
     */
    public record Plan(int index, Shape inputShape, int units, Activation activation, double l2, Double maxNorm) implements LayerPlan {
        @Override
        public String name() {
            return "dense_" + index;
        }

        @Override
        public String type() {
            return "Dense";
        }

        @Override
        public Shape outputShape() {
            return new Shape(units);
        }

        @Override
        public long parameterCount() {
            return (long) inputShape.size() * units + units;
        }

        @Override
        public long floatsPerExample() {
            return 2L * units;
        }

        @Override
        public long extraFloatsPerParameter() {
            return 1;
        }

        @Override
        public List<TensorShape> tensors() {
            return List.of(new TensorShape(name() + "/kernel", inputShape.size(), units), new TensorShape(name() + "/bias", units));
        }

        @Override
        public Layer build(Kernels kernels, int maxBatch, SplittableRandom random, long seed) {
            return new Dense(this, kernels, maxBatch, random);
        }
    }

    /**
     * @param fromDataset whether the input is the dataset's own (which Dense flattens, as
     *                    the MLPs always have) rather than a convolution's or pooling's output
     */
    static Plan plan(int index, Shape input, boolean fromDataset, DenseSpec spec, String key) {
        if (input.rank() > 1 && !fromDataset) {
            throw new ShapeMismatch(key + ".dense", "the input is " + input.withBatch() + ", an image of " + input.channels()
                    + " channels; put '- flatten' before this layer (Keras's Dense would act on the channels alone)");
        }
        return new Plan(index, input, spec.units(), spec.activation(), spec.l2(), spec.maxNorm());
    }

    /**
     * Weights are Glorot-uniform, U(-limit, limit) with limit = √(6 / (fan_in + fan_out)),
     * and biases zero: Keras's Dense defaults (keras.initializers.GlorotUniform).
     */
    private Dense(Plan plan, Kernels kernels, int maxBatch, SplittableRandom random) {
        this.plan = plan;
        this.kernels = kernels;
        this.inputs = plan.inputShape().size();
        this.outputs = plan.units();
        this.weights = Parameter.glorotUniform(plan.name() + "/kernel", new int[] {inputs, outputs}, inputs, outputs, random);
        this.bias = Parameter.zeros(plan.name() + "/bias", outputs);
        this.output = new float[maxBatch * outputs];
        this.outputGradient = new float[maxBatch * outputs];
        this.regularisation = new KernelRegularisation(kernels, weights, inputs, outputs, plan.l2(), plan.maxNorm());
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public void sendInputGradientTo(float[] inputGradient) {
        this.inputGradient = inputGradient;
    }

    /** input (batch, inputs) · W (inputs, outputs) + b → activation → output (batch, outputs). */
    @Override
    public float[] forward(float[] input, int batch, Mode mode, long step) {
        this.input = input;
        kernels.multiply(input, weights.values(), bias.values(), output, batch, inputs, outputs);
        Activations.forward(kernels, plan.activation(), output, batch, outputs);
        return output;
    }

    @Override
    public float[] outputGradient() {
        return outputGradient;
    }

    /** dL/dy → dL/dz = dL/dy ⊙ activation'(z) in place, then the parameters' and the input's gradients. */
    @Override
    public void backward(int batch) {
        Activations.backward(kernels, plan.activation(), output, outputGradient, batch, outputs);
        backwardFromPreActivation(batch);
    }

    /**
     * From dL/dz already in {@link #outputGradient()} (the fused softmax and cross-entropy
     * gradient puts it there): dW = xᵀ·dz, db = Σ_batch dz, and dx = dz·Wᵀ when wanted.
     */
    void backwardFromPreActivation(int batch) {
        // input (batch, inputs)ᵀ · dz (batch, outputs) → dW (inputs, outputs)
        kernels.multiplyTransposedLeft(input, outputGradient, weights.gradient(), batch, inputs, outputs);
        kernels.columnSums(outputGradient, batch, outputs, bias.gradient());
        if (inputGradient != null) {
            // dz (batch, outputs) · Wᵀ (outputs, inputs) → dx (batch, inputs), reading W as it is
            kernels.multiplyTransposedRight(outputGradient, weights.values(), inputGradient, batch, outputs, inputs);
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

    public Activation activation() {
        return plan.activation();
    }

    public Parameter weights() {
        return weights;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weights, bias);
    }
}
