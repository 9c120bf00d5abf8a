package trainyard.model;

import java.util.SplittableRandom;
import trainyard.kernels.Kernels;

/**
 * keras.layers.Flatten (keras/src/layers/reshaping/flatten.py): (height, width, channels)
 * becomes one row in that order. Channels-last arrays are already laid out so, so the
 * values pass through untouched and the gradient is copied back.
 */
public final class Flatten implements Layer {
    private final Plan plan;
    private final int width;
    private final float[] outputGradient;  // (maxBatch, width)
    private float[] inputGradient;         // the previous layer's outputGradient, not owned

    /** @param index 1 for the network's first flatten: named flatten_1 */
    public record Plan(int index, Shape inputShape) implements LayerPlan {
        @Override
        public String name() {
            return "flatten_" + index;
        }

        @Override
        public String type() {
            return "Flatten";
        }

        @Override
        public Shape outputShape() {
            return new Shape(inputShape.size());
        }

        @Override
        public long floatsPerExample() {
            return inputShape.size();
        }

        @Override
        public Layer build(Kernels kernels, int maxBatch, SplittableRandom random, long seed) {
            return new Flatten(this, maxBatch);
        }
    }

    private Flatten(Plan plan, int maxBatch) {
        this.plan = plan;
        this.width = plan.inputShape().size();
        this.outputGradient = new float[maxBatch * width];
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public float[] forward(float[] input, int batch, Mode mode, long step) {
        return input;
    }

    @Override
    public float[] outputGradient() {
        return outputGradient;
    }

    @Override
    public void backward(int batch) {
        if (inputGradient != null) {
            System.arraycopy(outputGradient, 0, inputGradient, 0, batch * width);
        }
    }

    @Override
    public void sendInputGradientTo(float[] inputGradient) {
        this.inputGradient = inputGradient;
    }
}
