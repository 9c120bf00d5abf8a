package trainyard.kernels;

import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * Adagrad (Duchi, Hazan and Singer, 2011) as keras.optimizers.Adagrad computes it
 * (keras/optimizers/adagrad.py): the accumulator starts at initial_accumulator_value and
 * sums the squared gradients, a += g²; then w -= lr·g / √(a + ε), ε inside the root.
 */
public final class AdagradRule extends UpdateRule {
    private final float initialAccumulator;
    private final float epsilon;
    private float learningRate;

    public AdagradRule(double initialAccumulator, double epsilon) {
        this.initialAccumulator = (float) initialAccumulator;
        this.epsilon = (float) epsilon;
    }

    @Override
    public List<String> slots() {
        return List.of("accumulator");
    }

    @Override
    public float initialValue(int slot) {
        return initialAccumulator;
    }

    @Override
    public void prepare(double learningRate, long iteration) {
        this.learningRate = (float) learningRate;
    }

    @Override
    public void plain(float[] weights, float[] gradient, float[][] state, int from, int to) {
        float[] accumulator = state[0];
        for (int i = from; i < to; i++) {
            float g = gradient[i];
            float a = accumulator[i] + g * g;
            accumulator[i] = a;
            weights[i] -= g * learningRate / (float) Math.sqrt(a + epsilon);
        }
    }

    @Override
    void vector(float[] weights, float[] gradient, float[][] state, int from, int to) {
        float[] accumulator = state[0];
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += LANES) {
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, i);
            FloatVector a = FloatVector.fromArray(SPECIES, accumulator, i).add(g.mul(g));
            a.intoArray(accumulator, i);
            FloatVector.fromArray(SPECIES, weights, i).sub(g.mul(learningRate).div(a.add(epsilon).sqrt())).intoArray(weights, i);
        }
        plain(weights, gradient, state, end, to);
    }
}
