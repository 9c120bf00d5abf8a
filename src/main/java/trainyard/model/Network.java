package trainyard.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.Activation;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.kernels.Kernels;

/**
 * A stack of dense layers and its loss. {@link #build} makes fresh weights from a spec
 * and a seed, so two runs never share state.
 */
public final class Network {
    private final List<DenseLayer> layers;
    private final Loss loss;
    private final int inputs;
    private final int maxBatch;
    private final Kernels kernels;

    private Network(List<DenseLayer> layers, Loss loss, int inputs, int maxBatch, Kernels kernels) {
        this.kernels = kernels;
        this.layers = List.copyOf(layers);
        this.loss = loss;
        this.inputs = inputs;
        this.maxBatch = maxBatch;
    }

    /**
     * @param maxBatch the largest batch forward or backward will see; buffers are sized for it
     * @param seed     initial weights are a function of this seed alone
     */
    public static Network build(ModelSpec model, LossKind lossKind, int inputs, int maxBatch, long seed, Kernels kernels) {
        SplittableRandom random = new SplittableRandom(seed);
        List<DenseLayer> layers = new ArrayList<>();
        int fanIn = inputs;
        for (LayerSpec spec : model.layers()) {
            DenseLayer layer = new DenseLayer(kernels, fanIn, spec.units(), spec.activation(), maxBatch, layers.size() + 1, random.split());
            if (!layers.isEmpty()) {
                layer.connectTo(layers.get(layers.size() - 1));
            }
            layers.add(layer);
            fanIn = spec.units();
        }
        return new Network(layers, new Loss(lossKind), inputs, maxBatch, kernels);
    }

    /** input (batch, inputs) → output (batch, classes); the returned array is reused by the next call. */
    public float[] forward(float[] input, int batch) {
        if (batch > maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " is larger than the " + maxBatch + " this network was built for");
        }
        float[] activations = input;
        // Indexed: the for-each iterator was the one object a training step allocated (32 bytes).
        for (int i = 0; i < layers.size(); i++) {
            activations = layers.get(i).forward(activations, batch);
        }
        return activations;
    }

    /** Gradients of the mean loss over the batch of the last forward, into every parameter's gradient. */
    public void backward(float[] targets, int batch) {
        DenseLayer last = layers.get(layers.size() - 1);
        if (last.activation() == Activation.SOFTMAX && loss.kind() == LossKind.CATEGORICAL_CROSSENTROPY) {
            Loss.softmaxCrossEntropyGradient(last.output(), targets, batch, last.outputs(), last.outputGradient());
        } else {
            loss.outputGradient(last.output(), targets, batch, last.outputs(), last.outputGradient());
            last.activationBackward(batch);
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            DenseLayer layer = layers.get(i);
            if (i < layers.size() - 1) {
                layer.activationBackward(batch);
            }
            layer.parametersBackward(batch);
        }
    }

    /** The kernels this network computes with. */
    public Kernels kernels() {
        return kernels;
    }

    public Loss loss() {
        return loss;
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    public int maxBatch() {
        return maxBatch;
    }

    public List<Parameter> parameters() {
        List<Parameter> parameters = new ArrayList<>();
        for (DenseLayer layer : layers) {
            parameters.addAll(layer.parameters());
        }
        return Collections.unmodifiableList(parameters);
    }

    public long parameterCount() {
        long count = 0;
        for (Parameter parameter : parameters()) {
            count += parameter.size();
        }
        return count;
    }
}
