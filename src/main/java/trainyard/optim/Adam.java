package trainyard.optim;

import java.util.List;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.Kernels;
import trainyard.model.Parameter;

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1 with the "epsilon hat" variant of section 2) as
 * keras.optimizers.Adam computes it (keras/optimizers/adam.py): the bias corrections are
 * folded into the step size, lr·√(1 - β2ᵗ)/(1 - β1ᵗ) with t = step + 1, and ε is added
 * to √v uncorrected. Defaults: lr 0.001, β1 0.9, β2 0.999, ε 1e-7 (Keras's; the paper's
 * ε is 1e-8). AdamW (keras/optimizers/adamw.py; Loshchilov and Hutter, 2019) is this
 * update after the decoupled weight decay the base class applies, default 0.004.
 */
final class Adam extends Optimizer {
    private final float[][] firstMoments;
    private final float[][] secondMoments;
    private final double beta1;
    private final double beta2;
    private final float epsilon;
    /** β1ᵗ and β2ᵗ as running products of t factors (StrictMath.pow allocates, and this runs every step). */
    private double beta1Power = 1;
    private double beta2Power = 1;
    private long powersOfStep;

    Adam(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels) {
        super(spec, parameters, kernels);
        this.beta1 = spec.number("beta_1");
        this.beta2 = spec.number("beta_2");
        this.epsilon = (float) spec.number("epsilon");
        this.firstMoments = new float[parameters.size()][];
        this.secondMoments = new float[parameters.size()][];
        for (int i = 0; i < firstMoments.length; i++) {
            firstMoments[i] = new float[parameters.get(i).size()];
            secondMoments[i] = new float[parameters.get(i).size()];
        }
    }

    @Override
    protected java.util.Map<String, float[][]> slots() {
        return java.util.Map.of("m", firstMoments, "v", secondMoments);
    }

    @Override
    protected void update(List<Parameter> parameters, StepContext context) {
        long t = context.iteration() + 1;
        if (t < powersOfStep) { // a step count from the past (a restart): multiply out again, the same bits
            beta1Power = 1;
            beta2Power = 1;
            powersOfStep = 0;
        }
        for (; powersOfStep < t; powersOfStep++) {
            beta1Power *= beta1;
            beta2Power *= beta2;
        }
        double correction1 = 1 - beta1Power;
        double correction2 = 1 - beta2Power;
        float stepSize = (float) (context.learningRate() * StrictMath.sqrt(correction2) / correction1);
        for (int i = 0; i < firstMoments.length; i++) {
            Parameter parameter = parameters.get(i);
            kernels.adamStep(parameter.values(), parameter.gradient(), firstMoments[i], secondMoments[i], parameter.size(),
                    stepSize, (float) beta1, (float) beta2, epsilon);
        }
    }
}
