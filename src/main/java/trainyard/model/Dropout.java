package trainyard.model;

import java.util.SplittableRandom;
import trainyard.kernels.Kernels;

/**
 * keras.layers.Dropout (keras/layers/regularization/dropout.py): while training, each
 * value is dropped with probability rate and the kept ones are scaled by 1 / (1 - rate)
 * ("inverted" dropout), so inference passes values through unchanged. The mask of a
 * training step is a function of the layer's seed and the step alone, so it is the same
 * bits on any number of threads and when a run is resumed at that step.
 */
public final class Dropout implements Layer {
    /** Mixes the step into the layer's seed; odd, so distinct steps give distinct streams. */
    private static final long STEP_STRIDE = 0xd1b54a32d192ed03L;

    private final Plan plan;
    private final Kernels kernels;
    private final long seed;
    private final float[] output;          // (maxBatch, width)
    private final float[] mask;            // (maxBatch, width): 0 or 1 / (1 - rate), of the last training pass
    private final float[] outputGradient;  // (maxBatch, width)
    private final int width;               // values per example
    private float[] inputGradient;         // the previous layer's outputGradient, not owned
    private boolean masked;                // whether the last forward applied a mask

    /** @param index 1 for the network's first dropout layer: named dropout_1 */
    public record Plan(int index, Shape inputShape, double rate) implements LayerPlan {
        @Override
        public String name() {
            return "dropout_" + index;
        }

        @Override
        public String type() {
            return "Dropout";
        }

        @Override
        public Shape outputShape() {
            return inputShape;
        }

        @Override
        public long floatsPerExample() {
            return 3L * inputShape.size();
        }

        @Override
        public Layer build(Kernels kernels, int maxBatch, SplittableRandom random, long seed) {
            return new Dropout(this, kernels, maxBatch, seed);
        }
    }

    private Dropout(Plan plan, Kernels kernels, int maxBatch, long seed) {
        this.plan = plan;
        this.kernels = kernels;
        this.seed = seed;
        this.width = plan.inputShape().size();
        int values = maxBatch * width;
        this.output = new float[values];
        this.mask = new float[values];
        this.outputGradient = new float[values];
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public float[] forward(float[] input, int batch, Mode mode, long step) {
        masked = mode == Mode.TRAINING && plan.rate() > 0;
        if (!masked) {
            return input;
        }
        kernels.dropout(input, mask, output, batch * width, (float) plan.rate(), seed + step * STEP_STRIDE);
        return output;
    }

    @Override
    public float[] outputGradient() {
        return outputGradient;
    }

    /** dL/dx = dL/dy ⊙ mask: dropped units pass no gradient, kept ones the same scale. */
    @Override
    public void backward(int batch) {
        if (inputGradient == null) {
            return;
        }
        int count = batch * width;
        if (masked) {
            kernels.multiplyElementwise(outputGradient, mask, inputGradient, count);
        } else {
            System.arraycopy(outputGradient, 0, inputGradient, 0, count);
        }
    }

    @Override
    public void sendInputGradientTo(float[] inputGradient) {
        this.inputGradient = inputGradient;
    }
}
