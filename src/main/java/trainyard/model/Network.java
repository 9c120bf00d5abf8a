package trainyard.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.Activation;
import trainyard.config.LossKind;
import trainyard.kernels.Kernels;

/**
 * A stack of layers and its loss. {@link #build} makes fresh weights from an architecture
 * and a seed, so two runs never share state. The loss is the data loss plus every
 * layer's penalty, as Keras adds its regularisation losses.
 */
public final class Network {
    private final Architecture architecture;
    private final List<Layer> layers;
    private final Loss loss;
    private final int maxBatch;
    private final Kernels kernels;
    private final List<Parameter> parameters;
    private final List<Parameter> saved;
    /** Values per example in and out; kept, since a plan's shape is a new object each time it is asked for. */
    private final int inputs;
    private final int outputs;
    /** Set when the output layer is softmax under cross-entropy: their gradients fuse into (p - t) / batch. */
    private final Dense fusedSoftmaxOutput;

    private Network(Architecture architecture, List<Layer> layers, Loss loss, int maxBatch, Kernels kernels) {
        this.architecture = architecture;
        this.layers = List.copyOf(layers);
        this.loss = loss;
        this.maxBatch = maxBatch;
        this.kernels = kernels;
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : layers) {
            all.addAll(layer.parameters());
        }
        this.parameters = Collections.unmodifiableList(all);
        List<Parameter> savedAll = new ArrayList<>();
        for (Layer layer : layers) {
            savedAll.addAll(layer.parameters());
            savedAll.addAll(layer.statistics());
        }
        this.saved = Collections.unmodifiableList(savedAll);
        this.inputs = architecture.inputShape().size();
        this.outputs = architecture.outputShape().size();
        Layer last = layers.get(layers.size() - 1);
        this.fusedSoftmaxOutput = last instanceof Dense dense && dense.activation() == Activation.SOFTMAX
                && loss.kind() == LossKind.CATEGORICAL_CROSSENTROPY ? dense : null;
    }

    /**
     * @param maxBatch    the largest batch forward or backward will see; buffers are sized for it
     * @param weightSeed  initial weights are a function of this seed alone (each layer with
     *                    parameters takes the next split of one stream, in order)
     * @param dropoutSeed dropout masks are a function of this seed and the step
     */
    public static Network build(Architecture architecture, LossKind lossKind, int maxBatch, long weightSeed, long dropoutSeed,
                                Kernels kernels) {
        SplittableRandom weights = new SplittableRandom(weightSeed);
        SplittableRandom dropout = new SplittableRandom(dropoutSeed);
        List<Layer> layers = new ArrayList<>();
        boolean gradientWanted = false; // whether some earlier layer has parameters
        for (LayerPlan plan : architecture.layers()) {
            SplittableRandom random = plan.parameterCount() > 0 ? weights.split() : null;
            long seed = dropout.nextLong();
            Layer layer = plan.build(kernels, maxBatch, random, seed);
            if (gradientWanted) {
                layer.sendInputGradientTo(layers.get(layers.size() - 1).outputGradient());
            }
            gradientWanted |= plan.parameterCount() > 0;
            layers.add(layer);
        }
        return new Network(architecture, layers, new Loss(lossKind), maxBatch, kernels);
    }

    /** A network for a model spec on flat inputs; dropout masks from the same seed as the weights. */
    public static Network build(trainyard.config.ModelSpec model, LossKind lossKind, int inputs, int maxBatch, long seed, Kernels kernels) {
        return build(model, lossKind, new Shape(inputs), maxBatch, seed, kernels);
    }

    /** A network for a model spec on inputs of a shape; dropout masks from the same seed as the weights. */
    public static Network build(trainyard.config.ModelSpec model, LossKind lossKind, Shape input, int maxBatch, long seed, Kernels kernels) {
        return build(Architecture.of(model, input), lossKind, maxBatch, seed, seed, kernels);
    }

    /** input (batch, inputs) → output (batch, classes); the returned array is reused by the next call. */
    public float[] forward(float[] input, int batch, Mode mode, long step) {
        if (batch > maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " is larger than the " + maxBatch + " this network was built for");
        }
        float[] activations = input;
        // Indexed: a for-each iterator would be an allocation (32 bytes) every training step.
        for (int i = 0; i < layers.size(); i++) {
            activations = layers.get(i).forward(activations, batch, mode, step);
        }
        return activations;
    }

    /** Inference: dropout off. */
    public float[] predict(float[] input, int batch) {
        return forward(input, batch, Mode.INFERENCE, 0);
    }

    /** The loss of a batch's output: the data loss plus every layer's penalty. */
    public double loss(float[] output, float[] targets, int batch) {
        return loss.value(output, targets, batch, outputs()) + penalty();
    }

    /** Σ of the layers' penalties (L2 terms), 0 without any. */
    public double penalty() {
        double total = 0;
        for (int i = 0; i < layers.size(); i++) {
            total += layers.get(i).penalty();
        }
        return total;
    }

    /**
     * Gradients of the batch's loss (the data loss of the last forward plus the
     * penalties) into every parameter's gradient.
     */
    public void backward(float[] output, float[] targets, int batch) {
        int last = layers.size() - 1;
        if (fusedSoftmaxOutput != null) {
            Loss.softmaxCrossEntropyGradient(output, targets, batch, outputs(), fusedSoftmaxOutput.outputGradient());
            fusedSoftmaxOutput.backwardFromPreActivation(batch);
            last--;
        } else {
            loss.outputGradient(output, targets, batch, outputs(), layers.get(last).outputGradient());
        }
        for (int i = last; i >= 0; i--) {
            layers.get(i).backward(batch);
        }
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).addPenaltyGradient();
        }
    }

    /** Applies every layer's weight constraint; after each optimizer step, as Keras's optimizer does. */
    public void constrain() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).constrain();
        }
    }

    public Architecture architecture() {
        return architecture;
    }

    public Kernels kernels() {
        return kernels;
    }

    public Loss loss() {
        return loss;
    }

    public List<Layer> layers() {
        return layers;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public int maxBatch() {
        return maxBatch;
    }

    /** The trainable arrays, which the optimizer steps. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Every array a model file and a checkpoint save, in the plans' tensor order: the
     * trainable ones and the layers' statistics (BatchNormalization's moving mean and variance).
     */
    public List<Parameter> savedArrays() {
        return saved;
    }

    public long parameterCount() {
        return architecture.parameterCount();
    }
}
