package trainyard.kernels;

import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1 with the "epsilon hat" variant of section 2) as
 * keras.optimizers.Adam computes it (keras/optimizers/adam.py): m += (g - m)(1 - β1);
 * v += (g² - v)(1 - β2); w -= stepSize · m / (√v + ε), with the bias corrections folded into
 * stepSize = lr · √(1 - β2ᵗ) / (1 - β1ᵗ), t = iteration + 1, and ε added to √v uncorrected.
 * AdamW is this rule after the optimizer's decoupled weight decay.
 */
public final class AdamRule extends UpdateRule {
    private final double beta1;
    private final double beta2;
    private final float keep1;
    private final float keep2;
    private final float epsilon;
    /** β1ᵗ and β2ᵗ as running products of t factors (StrictMath.pow allocates, and this runs every step). */
    private double beta1Power = 1;
    private double beta2Power = 1;
    private long powersOfStep;
    private float stepSize;

    public AdamRule(double beta1, double beta2, double epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.keep1 = 1f - (float) beta1;
        this.keep2 = 1f - (float) beta2;
        this.epsilon = (float) epsilon;
    }

    @Override
    public List<String> slots() {
        return List.of("m", "v");
    }

    @Override
    public void prepare(double learningRate, long iteration) {
        long t = iteration + 1;
        if (t < powersOfStep) { // a step count from the past (a restart): multiply out again, the same bits
            beta1Power = 1;
            beta2Power = 1;
            powersOfStep = 0;
        }
        for (; powersOfStep < t; powersOfStep++) {
            beta1Power *= beta1;
            beta2Power *= beta2;
        }
        stepSize = (float) (learningRate * StrictMath.sqrt(1 - beta2Power) / (1 - beta1Power));
    }

    @Override
    public void plain(float[] weights, float[] gradient, float[][] state, int from, int to) {
        float[] firstMoment = state[0];
        float[] secondMoment = state[1];
        for (int i = from; i < to; i++) {
            float g = gradient[i];
            float m = firstMoment[i] + (g - firstMoment[i]) * keep1;
            float v = secondMoment[i] + (g * g - secondMoment[i]) * keep2;
            firstMoment[i] = m;
            secondMoment[i] = v;
            weights[i] -= m * stepSize / ((float) Math.sqrt(v) + epsilon);
        }
    }

    @Override
    void vector(float[] weights, float[] gradient, float[][] state, int from, int to) {
        float[] firstMoment = state[0];
        float[] secondMoment = state[1];
        int end = vectorEnd(from, to);
        for (int i = from; i < end; i += LANES) {
            FloatVector g = FloatVector.fromArray(SPECIES, gradient, i);
            FloatVector m = FloatVector.fromArray(SPECIES, firstMoment, i);
            FloatVector v = FloatVector.fromArray(SPECIES, secondMoment, i);
            m = m.add(g.sub(m).mul(keep1));
            v = v.add(g.mul(g).sub(v).mul(keep2));
            m.intoArray(firstMoment, i);
            v.intoArray(secondMoment, i);
            FloatVector.fromArray(SPECIES, weights, i).sub(m.mul(stepSize).div(v.sqrt().add(epsilon))).intoArray(weights, i);
        }
        plain(weights, gradient, state, end, to);
    }
}
