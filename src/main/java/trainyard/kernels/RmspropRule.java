package trainyard.kernels;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * RMSprop (Hinton, Coursera lecture 6e) as keras.optimizers.RMSprop computes it
 * (keras/optimizers/rmsprop.py): v = ρv + (1 - ρ)g²; centered, a = ρa + (1 - ρ)g and
 * d = v - a² + ε, else d = v + ε (ε inside the square root, as Keras 3 puts it);
 * Δ = lr·g/√d; with momentum μ > 0, m = μm + Δ and w -= m, else w -= Δ.
 */
public final class RmspropRule extends UpdateRule {
    private final float rho;
    private final float momentum;
    private final float epsilon;
    private final boolean centered;
    private final List<String> slots;
    private float learningRate;

    public RmspropRule(double rho, double momentum, double epsilon, boolean centered) {
        this.rho = (float) rho;
        this.momentum = (float) momentum;
        this.epsilon = (float) epsilon;
        this.centered = centered;
        List<String> kept = new ArrayList<>(List.of("velocity"));
        if (centered) {
            kept.add("average_gradient");
        }
        if (momentum > 0) {
            kept.add("momentum");
        }
        this.slots = List.copyOf(kept);
    }

    @Override
    public List<String> slots() {
        return slots;
    }

    @Override
    public void prepare(double learningRate, long iteration) {
        this.learningRate = (float) learningRate;
    }

    @Override
    public void plain(float[] weights, float[] gradient, float[][] state, int from, int to) {
        float[] velocity = state[0];
        float[] averageGradient = centered ? state[1] : null;
        float[] momentumBuffer = momentum > 0 ? state[state.length - 1] : null;
        for (int i = from; i < to; i++) {
            float g = gradient[i];
            velocity[i] = rho * velocity[i] + (1f - rho) * (g * g);
            float denominator;
            if (averageGradient != null) {
                averageGradient[i] = rho * averageGradient[i] + (1f - rho) * g;
                denominator = velocity[i] - averageGradient[i] * averageGradient[i] + epsilon;
            } else {
                denominator = velocity[i] + epsilon;
            }
            float increment = learningRate * g / (float) Math.sqrt(denominator);
            if (momentumBuffer != null) {
                momentumBuffer[i] = momentum * momentumBuffer[i] + increment;
                weights[i] -= momentumBuffer[i];
            } else {
                weights[i] -= increment;
            }
        }
    }

    @Override
    void vector(float[] weights, float[] gradient, float[][] state, int from, int to) {
        float[] velocity = state[0];
        float[] averageGradient = centered ? state[1] : null;
        float[] momentumBuffer = momentum > 0 ? state[state.length - 1] : null;
        float keep = 1f - rho;
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += LANES) {
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, i);
            FloatVector v = FloatVector.fromArray(SPECIES, velocity, i).mul(rho).add(g.mul(g).mul(keep));
            v.intoArray(velocity, i);
            FloatVector denominator;
            if (averageGradient != null) {
                FloatVector a = FloatVector.fromArray(SPECIES, averageGradient, i).mul(rho).add(g.mul(keep));
                a.intoArray(averageGradient, i);
                denominator = v.sub(a.mul(a)).add(epsilon);
            } else {
                denominator = v.add(epsilon);
            }
            FloatVector increment = g.mul(learningRate).div(denominator.sqrt());
            FloatVector w = FloatVector.fromArray(SPECIES, weights, i);
            if (momentumBuffer != null) {
                FloatVector m = FloatVector.fromArray(SPECIES, momentumBuffer, i).mul(momentum).add(increment);
                m.intoArray(momentumBuffer, i);
                w.sub(m).intoArray(weights, i);
            } else {
                w.sub(increment).intoArray(weights, i);
            }
        }
        plain(weights, gradient, state, end, to);
    }
}
