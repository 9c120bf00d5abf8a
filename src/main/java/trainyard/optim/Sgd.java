package trainyard.optim;

import java.util.List;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.Kernels;
import trainyard.model.Parameter;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as keras.optimizers.SGD:
 * defaults learning rate 0.01, momentum 0 (plain w -= lr·g). The rule is written out at
 * {@link Kernels#sgdStep}.
 */
public final class Sgd implements Optimizer {
    private final OptimizerSpec.Sgd spec;
    private final List<Parameter> parameters;
    private final float[][] velocities; // one per parameter; null when momentum is 0
    private final Kernels kernels;

    Sgd(OptimizerSpec.Sgd spec, List<Parameter> parameters, Kernels kernels) {
        this.spec = spec;
        this.parameters = List.copyOf(parameters);
        this.kernels = kernels;
        this.velocities = new float[parameters.size()][];
        if (spec.momentum() != 0) {
            for (int i = 0; i < velocities.length; i++) {
                velocities[i] = new float[parameters.get(i).size()];
            }
        }
    }

    @Override
    public void step() {
        for (int i = 0; i < velocities.length; i++) {
            Parameter parameter = parameters.get(i);
            kernels.sgdStep(parameter.values(), parameter.gradient(), velocities[i], parameter.size(),
                    (float) spec.learningRate(), (float) spec.momentum(), spec.nesterov());
        }
    }
}
