package trainyard.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import trainyard.config.AveragePooling2DSpec;
import trainyard.kernels.Kernels;
import trainyard.kernels.WindowGeometry;

/**
 * keras.layers.AveragePooling2D (keras/src/layers/pooling/average_pooling2d.py), channels
 * last: the mean of each window per channel, over the positions inside the image (with
 * padding: same, the zeros are not counted, as TensorFlow's avg_pool does). Its backward
 * shares each output's gradient equally among the positions its window averaged.
 *
 * <p>Plain loops on one thread, in a fixed order: a pass reads each input once or a few
 * times and does a handful of additions per value, far below a convolution's cost.
 */
public final class AveragePooling2D implements Layer {
    private final Plan plan;
    private final WindowGeometry geometry;
    private final float[] output;          // (maxBatch, outputHeight, outputWidth, channels)
    private final float[] outputGradient;  // the same shape
    private float[] inputGradient;         // the previous layer's outputGradient, not owned

    /** @param index 1 for the network's first average pooling: named average_pooling2d_1 */
    public record Plan(int index, Shape inputShape, WindowGeometry geometry) implements LayerPlan {
        @Override
        public String name() {
            return "average_pooling2d_" + index;
        }

        @Override
        public String type() {
            return "AveragePooling2D";
        }

        @Override
        public Shape outputShape() {
            return new Shape(geometry.outputHeight(), geometry.outputWidth(), geometry.channels());
        }

        @Override
        public long floatsPerExample() {
            return 2L * geometry.pooledSize();
        }

        @Override
        public Layer build(Kernels kernels, int maxBatch, SplittableRandom random, long seed) {
            return new AveragePooling2D(this, maxBatch);
        }
    }

    static Plan plan(int index, Shape input, AveragePooling2DSpec spec, String key) {
        return new Plan(index, input, Conv2D.windows(input, spec.pooling().poolSize(), spec.pooling().strides(), spec.pooling().padding(),
                key, "average_pooling2d", "average_pooling2d"));
    }

    private AveragePooling2D(Plan plan, int maxBatch) {
        this.plan = plan;
        this.geometry = plan.geometry();
        this.output = new float[maxBatch * geometry.pooledSize()];
        this.outputGradient = new float[maxBatch * geometry.pooledSize()];
    }

    @Override
    public Plan plan() {
        return plan;
    }

    /** Each window's sum per channel, in row order, times 1 / (positions inside the image). */
    @Override
    public float[] forward(float[] input, int batch, Mode mode, long step) {
        WindowGeometry g = geometry;
        int channels = g.channels();
        Arrays.fill(output, 0, batch * g.pooledSize(), 0f);
        for (int n = 0, out = 0; n < batch; n++) {
            for (int oy = 0; oy < g.outputHeight(); oy++) {
                int y0 = g.firstRow(oy);
                int y1 = g.endRow(oy);
                for (int ox = 0; ox < g.outputWidth(); ox++, out += channels) {
                    int x0 = g.firstColumn(ox);
                    int x1 = g.endColumn(ox);
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            int at = n * g.imageSize() + (y * g.width() + x) * channels;
                            for (int c = 0; c < channels; c++) {
                                output[out + c] += input[at + c];
                            }
                        }
                    }
                    float share = 1f / ((y1 - y0) * (x1 - x0));
                    for (int c = 0; c < channels; c++) {
                        output[out + c] *= share;
                    }
                }
            }
        }
        return output;
    }

    @Override
    public float[] outputGradient() {
        return outputGradient;
    }

    /** dx at each position = Σ over the windows holding it of dy / (that window's positions). */
    @Override
    public void backward(int batch) {
        if (inputGradient == null) {
            return;
        }
        WindowGeometry g = geometry;
        int channels = g.channels();
        Arrays.fill(inputGradient, 0, batch * g.imageSize(), 0f);
        for (int n = 0, out = 0; n < batch; n++) {
            for (int oy = 0; oy < g.outputHeight(); oy++) {
                int y0 = g.firstRow(oy);
                int y1 = g.endRow(oy);
                for (int ox = 0; ox < g.outputWidth(); ox++, out += channels) {
                    int x0 = g.firstColumn(ox);
                    int x1 = g.endColumn(ox);
                    float share = 1f / ((y1 - y0) * (x1 - x0));
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            int at = n * g.imageSize() + (y * g.width() + x) * channels;
                            for (int c = 0; c < channels; c++) {
                                inputGradient[at + c] += outputGradient[out + c] * share;
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void sendInputGradientTo(float[] inputGradient) {
        this.inputGradient = inputGradient;
    }
}
