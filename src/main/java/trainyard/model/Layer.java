package trainyard.model;

import java.util.List;

/**
 * One layer of a network, built for a largest batch: its buffers are allocated once and
 * reused by every pass. Forward and backward mirror each other (llm.c's paired
 * {@code *_forward} / {@code *_backward}); the network connects each layer's input
 * gradient to the previous layer's {@link #outputGradient()}.
 *
 * <p>Deliberately not a general autodiff: a layer knows its own derivative.
 */
public interface Layer {
    /** What built it: the name, type, shapes and parameter count (the summary row). */
    LayerPlan plan();

    /**
     * input (batch, input shape) → output (batch, output shape). The returned array is
     * the layer's own buffer (or, where the layer passes values through, the input).
     *
     * @param step the optimizer step this training pass belongs to (dropout's masks are a
     *             function of it); ignored in inference
     */
    float[] forward(float[] input, int batch, Mode mode, long step);

    /** Where backward expects dL/d(output) of the last forward, (batch, output shape). */
    float[] outputGradient();

    /**
     * From dL/d(output) in {@link #outputGradient()}: this layer's parameter gradients, and
     * dL/d(input) into the buffer given to {@link #sendInputGradientTo}, if any.
     */
    void backward(int batch);

    /** Makes backward write dL/d(input) into {@code inputGradient}; without it, none is computed. */
    void sendInputGradientTo(float[] inputGradient);

    /** The trainable arrays, named as the model file names its tensors; none by default. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Arrays saved with the weights (in checkpoints and model files) but not trained:
     * BatchNormalization's moving mean and variance. Their gradients are unused.
     */
    default List<Parameter> statistics() {
        return List.of();
    }

    /** The layer's term of the loss (an L2 penalty), 0 without one. */
    default double penalty() {
        return 0;
    }

    /** Adds the penalty's gradient to the parameters' gradients. */
    default void addPenaltyGradient() {
    }

    /** Applies the layer's weight constraint (MaxNorm) after an optimizer step. */
    default void constrain() {
    }
}
