package trainyard.kernels;

import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * Stochastic gradient descent as keras.optimizers.SGD computes it (keras/optimizers/sgd.py):
 * without momentum w -= lr·g; with momentum μ, v = μv - lr·g, then w += v, or
 * w += μv - lr·g with Nesterov.
 */
public final class SgdRule extends UpdateRule {
    private final float momentum;
    private final boolean nesterov;
    private float learningRate;

    public SgdRule(double momentum, boolean nesterov) {
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
    }

    @Override
    public List<String> slots() {
        return momentum == 0f ? List.of() : List.of("velocity");
    }

    @Override
    public void prepare(double learningRate, long iteration) {
        this.learningRate = (float) learningRate;
    }

    @Override
    public void plain(float[] weights, float[] gradient, float[][] state, int from, int to) {
        if (momentum == 0f) {
            for (int i = from; i < to; i++) {
                weights[i] -= gradient[i] * learningRate;
            }
            return;
        }
        float[] velocity = state[0];
        for (int i = from; i < to; i++) {
            float step = gradient[i] * learningRate;
            float v = velocity[i] * momentum - step;
            velocity[i] = v;
            weights[i] += nesterov ? v * momentum - step : v;
        }
    }

    @Override
    void vector(float[] weights, float[] gradient, float[][] state, int from, int to) {
        int end = vectorEnd(from, to);
        if (momentum == 0f) {
            for (int i = from; i < end; i += LANES) {
                FloatVector.fromArray(SPECIES, weights, i).sub(FloatVector.fromArray(SPECIES, gradient, i).mul(learningRate)).intoArray(weights, i);
            }
        } else {
            float[] velocity = state[0];
            for (int i = from; i < end; i += LANES) {
                FloatVector step = FloatVector.fromArray(SPECIES, gradient, i).mul(learningRate);
                FloatVector v = FloatVector.fromArray(SPECIES, velocity, i).mul(momentum).sub(step);
                v.intoArray(velocity, i);
                FloatVector w = FloatVector.fromArray(SPECIES, weights, i);
                (nesterov ? w.add(v.mul(momentum).sub(step)) : w.add(v)).intoArray(weights, i);
            }
        }
        plain(weights, gradient, state, end, to);
    }
}
