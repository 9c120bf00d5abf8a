package trainyard.model;

import java.util.SplittableRandom;
import trainyard.config.MaxPooling2DSpec;
import trainyard.kernels.Kernels;
import trainyard.kernels.WindowGeometry;

/**
 * keras.layers.MaxPooling2D (keras/src/layers/pooling/max_pooling2d.py), channels last:
 * the largest value of each window, per channel. It keeps where each maximum was, so its
 * backward sends each output's gradient to that one input and none to the others.
 */
public final class MaxPooling2D implements Layer {
    private final Plan plan;
    private final Kernels kernels;
    private final WindowGeometry geometry;
    private final float[] output;          // (maxBatch, outputHeight, outputWidth, channels)
    private final int[] argmax;            // the same shape: the index into the input of each maximum
    private final float[] outputGradient;  // the same shape
    private float[] inputGradient;         // the previous layer's outputGradient, not owned

    /** @param index 1 for the network's first max pooling: named max_pooling2d_1 */
    public record Plan(int index, Shape inputShape, WindowGeometry geometry) implements LayerPlan {
        @Override
        public String name() {
            return "max_pooling2d_" + index;
        }

        @Override
        public String type() {
            return "MaxPooling2D";
        }

        @Override
        public Shape outputShape() {
            return new Shape(geometry.outputHeight(), geometry.outputWidth(), geometry.channels());
        }

        /** Output, its gradient and the maxima's places. */
        @Override
        public long floatsPerExample() {
            return 3L * geometry.pooledSize();
        }

        @Override
        public Layer build(Kernels kernels, int maxBatch, SplittableRandom random, long seed) {
            return new MaxPooling2D(this, kernels, maxBatch);
        }
    }

    static Plan plan(int index, Shape input, MaxPooling2DSpec spec, String key) {
        return new Plan(index, input, Conv2D.windows(input, spec.pooling().poolSize(), spec.pooling().strides(), spec.pooling().padding(),
                key, "max_pooling2d", "max_pooling2d"));
    }

    private MaxPooling2D(Plan plan, Kernels kernels, int maxBatch) {
        this.plan = plan;
        this.kernels = kernels;
        this.geometry = plan.geometry();
        int values = maxBatch * geometry.pooledSize();
        this.output = new float[values];
        this.argmax = new int[values];
        this.outputGradient = new float[values];
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public float[] forward(float[] input, int batch, Mode mode, long step) {
        kernels.maxPool(input, batch, geometry, output, argmax);
        return output;
    }

    @Override
    public float[] outputGradient() {
        return outputGradient;
    }

    @Override
    public void backward(int batch) {
        if (inputGradient != null) {
            kernels.maxPoolBackward(outputGradient, argmax, batch, geometry, inputGradient);
        }
    }

    @Override
    public void sendInputGradientTo(float[] inputGradient) {
        this.inputGradient = inputGradient;
    }
}
