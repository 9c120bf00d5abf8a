package trainyard.model;

import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.BatchNormalizationSpec;
import trainyard.kernels.Kernels;

/**
 * keras.layers.BatchNormalization (keras/src/layers/normalization/batch_normalization.py)
 * over the last axis (an image's channels, a flat input's units). While training it
 * normalises with the batch's own mean and biased variance over every other axis and
 * moves the moving statistics toward them: moving = moving·momentum + batch·(1 - momentum);
 * in inference (evaluation, validation, predict) it uses the moving ones. γ starts at 1,
 * β at 0, the moving mean at 0 and the moving variance at 1, as in Keras. The moving
 * statistics are saved with the weights but not trained.
 */
public final class BatchNormalization implements Layer {
    private final Plan plan;
    private final Kernels kernels;
    private final int channels;
    private final int perExample;          // values per example
    private final Parameter gamma;         // (channels)
    private final Parameter beta;          // (channels)
    private final Parameter movingMean;    // (channels); not trained
    private final Parameter movingVariance; // (channels); not trained
    private final float[] mean;            // (channels): the last training batch's
    private final float[] variance;        // (channels)
    private final float[] inverseDeviation; // (channels): the last training batch's
    private final float[] movingInverseDeviation; // (channels): scratch of inference
    private final double[] sums;           // (2·channels): scratch
    private final float[] normalized;      // (maxBatch, per example): x̂ of the last training pass
    private final float[] output;          // the same shape
    private final float[] outputGradient;  // the same shape
    private float[] inputGradient;         // the previous layer's outputGradient, not owned

    /** @param index 1 for the network's first: its tensors are batch_normalization_1/gamma, /beta, /moving_mean, /moving_variance */
    public record Plan(int index, Shape inputShape, double momentum, double epsilon) implements LayerPlan {
        @Override
        public String name() {
            return "batch_normalization_" + index;
        }

        @Override
        public String type() {
            return "BatchNormalization";
        }

        @Override
        public Shape outputShape() {
            return inputShape;
        }

        /** γ, β and the two moving statistics, as Keras counts them. */
        @Override
        public long parameterCount() {
            return 4L * inputShape.channels();
        }

        @Override
        public long nonTrainableCount() {
            return 2L * inputShape.channels();
        }

        @Override
        public long floatsPerExample() {
            return 3L * inputShape.size();
        }

        @Override
        public List<TensorShape> tensors() {
            int channels = inputShape.channels();
            return List.of(new TensorShape(name() + "/gamma", channels), new TensorShape(name() + "/beta", channels),
                    new TensorShape(name() + "/moving_mean", channels), new TensorShape(name() + "/moving_variance", channels));
        }

        @Override
        public Layer build(Kernels kernels, int maxBatch, SplittableRandom random, long seed) {
            return new BatchNormalization(this, kernels, maxBatch);
        }
    }

    static Plan plan(int index, Shape input, BatchNormalizationSpec spec) {
        return new Plan(index, input, spec.momentum(), spec.epsilon());
    }

    private BatchNormalization(Plan plan, Kernels kernels, int maxBatch) {
        this.plan = plan;
        this.kernels = kernels;
        this.channels = plan.inputShape().channels();
        this.perExample = plan.inputShape().size();
        this.gamma = new Parameter(plan.name() + "/gamma", filled(channels, 1), new float[channels], new int[] {channels});
        this.beta = Parameter.zeros(plan.name() + "/beta", channels);
        this.movingMean = Parameter.zeros(plan.name() + "/moving_mean", channels);
        this.movingVariance = new Parameter(plan.name() + "/moving_variance", filled(channels, 1), new float[channels], new int[] {channels});
        this.mean = new float[channels];
        this.variance = new float[channels];
        this.inverseDeviation = new float[channels];
        this.movingInverseDeviation = new float[channels];
        this.sums = new double[2 * channels];
        this.normalized = new float[maxBatch * perExample];
        this.output = new float[maxBatch * perExample];
        this.outputGradient = new float[maxBatch * perExample];
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, value);
        return values;
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public float[] forward(float[] input, int batch, Mode mode, long step) {
        int rows = batch * (perExample / channels);
        float epsilon = (float) plan.epsilon();
        if (mode != Mode.TRAINING) {
            kernels.normalize(input, rows, channels, epsilon, gamma.values(), beta.values(), movingMean.values(), movingVariance.values(),
                    movingInverseDeviation, output);
            return output;
        }
        kernels.normalizeBatch(input, rows, channels, epsilon, gamma.values(), beta.values(), mean, variance, inverseDeviation, normalized,
                output, sums);
        float momentum = (float) plan.momentum();
        float[] movingMeans = movingMean.values();
        float[] movingVariances = movingVariance.values();
        for (int c = 0; c < channels; c++) {
            movingMeans[c] = movingMeans[c] * momentum + mean[c] * (1 - momentum);
            movingVariances[c] = movingVariances[c] * momentum + variance[c] * (1 - momentum);
        }
        return output;
    }

    @Override
    public float[] outputGradient() {
        return outputGradient;
    }

    /** Backward through the last training pass's batch statistics. */
    @Override
    public void backward(int batch) {
        int rows = batch * (perExample / channels);
        kernels.normalizeBatchBackward(outputGradient, normalized, rows, channels, gamma.values(), inverseDeviation, gamma.gradient(),
                beta.gradient(), inputGradient, sums);
    }

    @Override
    public void sendInputGradientTo(float[] inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public List<Parameter> statistics() {
        return List.of(movingMean, movingVariance);
    }
}
