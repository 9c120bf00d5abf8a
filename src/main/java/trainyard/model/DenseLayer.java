package trainyard.model;

import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.Activation;
import trainyard.kernels.Kernels;

/**
 * A fully connected layer, y = activation(x · W + b), as keras.layers.Dense computes it,
 * with W stored (inputs, outputs) like Keras's kernel. Forward and backward mirror each
 * other; every buffer is allocated here once for the largest batch and reused.
 */
public final class DenseLayer {
    private final Kernels kernels;
    private final int inputs;
    private final int outputs;
    private final Activation activation;
    private final Parameter weights;  // (inputs, outputs)
    private final Parameter bias;     // (outputs)
    private final float[] output;             // (maxBatch, outputs): activation(x·W + b)
    private final float[] outputGradient;     // (maxBatch, outputs): dL/dy, then dL/dz in place
    private final float[] weightsTransposed;  // (outputs, inputs); null for the first layer
    private float[] inputGradient;            // (maxBatch, inputs): the previous layer's outputGradient
    private float[] input;                    // (batch, inputs): the last forward's input, not owned

    /**
     * Weights are Glorot-uniform, U(-limit, limit) with limit = √(6 / (fan_in + fan_out)),
     * and biases zero: Keras's Dense defaults (keras.initializers.GlorotUniform).
     */
    DenseLayer(Kernels kernels, int inputs, int outputs, Activation activation, int maxBatch, int index, SplittableRandom random) {
        this.kernels = kernels;
        this.inputs = inputs;
        this.outputs = outputs;
        this.activation = activation;
        float[] initial = new float[inputs * outputs];
        double limit = Math.sqrt(6.0 / (inputs + outputs));
        for (int i = 0; i < initial.length; i++) {
            initial[i] = (float) random.nextDouble(-limit, limit);
        }
        this.weights = new Parameter("dense_" + index + "/kernel", initial, new float[initial.length], new int[] {inputs, outputs});
        this.bias = new Parameter("dense_" + index + "/bias", new float[outputs], new float[outputs], new int[] {outputs});
        this.output = new float[maxBatch * outputs];
        this.outputGradient = new float[maxBatch * outputs];
        this.weightsTransposed = index == 1 ? null : new float[inputs * outputs];
    }

    /** Makes backward write dL/dx straight into the previous layer's gradient buffer (no copy). */
    void connectTo(DenseLayer previous) {
        this.inputGradient = previous.outputGradient;
    }

    /** input (batch, inputs) · W (inputs, outputs) + b → activation → output (batch, outputs). */
    float[] forward(float[] input, int batch) {
        this.input = input;
        kernels.multiply(input, weights.values(), bias.values(), output, batch, inputs, outputs);
        int count = batch * outputs;
        switch (activation) {
            case RELU -> kernels.relu(output, count);
            case SIGMOID -> kernels.sigmoid(output, count);
            case TANH -> kernels.tanh(output, count);
            case SOFTMAX -> kernels.softmax(output, batch, outputs);
            case LINEAR -> { }
        }
        return output;
    }

    /** Turns dL/dy in {@link #outputGradient()} into dL/dz = dL/dy ⊙ activation'(z), in place. */
    void activationBackward(int batch) {
        int count = batch * outputs;
        switch (activation) {
            case RELU -> kernels.reluBackward(output, outputGradient, count);
            case SIGMOID -> kernels.sigmoidBackward(output, outputGradient, count);
            case TANH -> kernels.tanhBackward(output, outputGradient, count);
            case SOFTMAX -> kernels.softmaxBackward(output, outputGradient, batch, outputs);
            case LINEAR -> { }
        }
    }

    /**
     * From dL/dz in {@link #outputGradient()}: dW = xᵀ·dz, db = Σ_batch dz, and, unless this
     * is the first layer (whose input gradient nobody needs), dx = dz·Wᵀ into the previous
     * layer's gradient buffer.
     */
    void parametersBackward(int batch) {
        // input (batch, inputs)ᵀ · dz (batch, outputs) → dW (inputs, outputs)
        kernels.multiplyTransposedLeft(input, outputGradient, weights.gradient(), batch, inputs, outputs);
        kernels.columnSums(outputGradient, batch, outputs, bias.gradient());
        if (inputGradient != null) {
            // dz (batch, outputs) · Wᵀ (outputs, inputs) → dx (batch, inputs)
            kernels.transpose(weights.values(), inputs, outputs, weightsTransposed);
            kernels.multiply(outputGradient, weightsTransposed, null, inputGradient, batch, outputs, inputs);
        }
    }

    float[] output() {
        return output;
    }

    float[] outputGradient() {
        return outputGradient;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public Activation activation() {
        return activation;
    }

    public Parameter weights() {
        return weights;
    }

    public Parameter bias() {
        return bias;
    }

    public List<Parameter> parameters() {
        return List.of(weights, bias);
    }
}
