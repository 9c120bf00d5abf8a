package trainyard.model;

import java.util.SplittableRandom;
import trainyard.kernels.Kernels;

/**
 * A layer before it exists: its place, shapes and sizes, known from the spec and the
 * input shape without allocating anything. The Keras summary, the memory estimate and
 * the model file's tensor names come from plans; {@link #build} makes the layer.
 */
public interface LayerPlan {
    /** The layer's name, its type and its place among the layers of that type: dense_1, conv2d_2, dropout_1. */
    String name();

    /** Keras's class name, as the summary prints it: Dense, Conv2D, Dropout. */
    String type();

    Shape inputShape();

    Shape outputShape();

    /** Every value saved with the layer (Keras's "Param #"): trainable ones and non-trainable statistics; none by default. */
    default long parameterCount() {
        return 0;
    }

    /** Values saved but not trained (BatchNormalization's moving mean and variance); 0 for most layers. */
    default long nonTrainableCount() {
        return 0;
    }

    /** The tensors the layer saves, by name and shape, as the model file and checkpoints hold them; none by default. */
    default java.util.List<TensorShape> tensors() {
        return java.util.List.of();
    }

    /** Floats held per example of the largest batch (outputs, gradients, masks). */
    long floatsPerExample();

    /** Floats held per parameter beyond its value and gradient (a transposed copy, say); optimizers add their own. None by default. */
    default long extraFloatsPerParameter() {
        return 0;
    }

    /**
     * A fresh layer.
     *
     * @param random its initial weights come from this stream alone
     * @param seed   its own randomness while training (dropout masks) derives from this
     */
    Layer build(Kernels kernels, int maxBatch, SplittableRandom random, long seed);
}
