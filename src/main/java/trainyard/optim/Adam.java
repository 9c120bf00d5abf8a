package trainyard.optim;

import java.util.List;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.Kernels;
import trainyard.model.Parameter;

/**
 * Adam (Kingma and Ba, 2015, Algorithm 1 with the "epsilon hat" variant of section 2) as
 * keras.optimizers.Adam computes it: the bias corrections are folded into the step size,
 * lr·√(1 - β2ᵗ)/(1 - β1ᵗ), and ε is added to √v uncorrected. Defaults: lr 0.001,
 * β1 0.9, β2 0.999, ε 1e-7 (Keras's; the paper's ε is 1e-8).
 */
public final class Adam implements Optimizer {
    private final OptimizerSpec.Adam spec;
    private final List<Parameter> parameters;
    private final float[][] firstMoments;
    private final float[][] secondMoments;
    private final Kernels kernels;
    private long iterations;
    /** β1ᵗ and β2ᵗ, kept as running products: StrictMath.pow allocates, and this runs every step. */
    private double beta1Power = 1;
    private double beta2Power = 1;

    Adam(OptimizerSpec.Adam spec, List<Parameter> parameters, Kernels kernels) {
        this.spec = spec;
        this.parameters = List.copyOf(parameters);
        this.kernels = kernels;
        this.firstMoments = new float[parameters.size()][];
        this.secondMoments = new float[parameters.size()][];
        for (int i = 0; i < firstMoments.length; i++) {
            firstMoments[i] = new float[parameters.get(i).size()];
            secondMoments[i] = new float[parameters.get(i).size()];
        }
    }

    @Override
    public void step() {
        iterations++;
        beta1Power *= spec.beta1();
        beta2Power *= spec.beta2();
        double correction1 = 1 - beta1Power;
        double correction2 = 1 - beta2Power;
        float stepSize = (float) (spec.learningRate() * StrictMath.sqrt(correction2) / correction1);
        for (int i = 0; i < firstMoments.length; i++) {
            Parameter parameter = parameters.get(i);
            kernels.adamStep(parameter.values(), parameter.gradient(), firstMoments[i], secondMoments[i], parameter.size(),
                    stepSize, (float) spec.beta1(), (float) spec.beta2(), (float) spec.epsilon());
        }
    }

    long iterations() {
        return iterations;
    }
}
