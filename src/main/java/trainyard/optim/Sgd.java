package trainyard.optim;

import java.util.List;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.Kernels;
import trainyard.model.Parameter;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as keras.optimizers.SGD
 * (keras/optimizers/sgd.py): defaults learning rate 0.01, momentum 0 (plain w -= lr·g),
 * nesterov false. The rule is written out at {@link Kernels#sgdStep}.
 */
final class Sgd extends Optimizer {
    private final float[][] velocities; // one per parameter; null when momentum is 0
    private final float momentum;
    private final boolean nesterov;

    Sgd(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels) {
        super(spec, parameters, kernels);
        this.momentum = (float) spec.number("momentum");
        this.nesterov = spec.flag("nesterov");
        this.velocities = new float[parameters.size()][];
        if (momentum != 0) {
            for (int i = 0; i < velocities.length; i++) {
                velocities[i] = new float[parameters.get(i).size()];
            }
        }
    }

    static int momentumFloats(OptimizerSpec spec) {
        return spec.number("momentum") == 0 ? 0 : 1;
    }

    @Override
    protected java.util.Map<String, float[][]> slots() {
        return java.util.Map.of("velocity", velocities);
    }

    @Override
    protected void update(List<Parameter> parameters, StepContext context) {
        float rate = (float) context.learningRate();
        for (int i = 0; i < velocities.length; i++) {
            Parameter parameter = parameters.get(i);
            kernels.sgdStep(parameter.values(), parameter.gradient(), velocities[i], parameter.size(), rate, momentum, nesterov);
        }
    }
}
