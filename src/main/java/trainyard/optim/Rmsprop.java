package trainyard.optim;

import java.util.List;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.Kernels;
import trainyard.model.Parameter;

/**
 * RMSprop (Hinton, Coursera lecture 6e) as keras.optimizers.RMSprop computes it
 * (keras/optimizers/rmsprop.py): a moving average of squared gradients scales each step,
 * optionally centered (the variance instead of the raw second moment) and with momentum.
 * Defaults are Keras's: learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7 (inside
 * the square root, as Keras 3 puts it), centered false. The rule is written out at
 * {@link Kernels#rmspropStep}.
 */
final class Rmsprop extends Optimizer {
    private final float[][] velocities;       // moving average of g²
    private final float[][] averageGradients; // moving average of g; null unless centered
    private final float[][] momentums;        // null unless momentum > 0
    private final float rho;
    private final float momentum;
    private final float epsilon;

    Rmsprop(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels) {
        super(spec, parameters, kernels);
        this.rho = (float) spec.number("rho");
        this.momentum = (float) spec.number("momentum");
        this.epsilon = (float) spec.number("epsilon");
        this.velocities = state(parameters, true);
        this.averageGradients = state(parameters, spec.flag("centered"));
        this.momentums = state(parameters, momentum > 0);
    }

    /** Floats of state per parameter: the velocity, and the average gradient and momentum when asked for. */
    static int stateFloats(OptimizerSpec spec) {
        return 1 + (spec.flag("centered") ? 1 : 0) + (spec.number("momentum") > 0 ? 1 : 0);
    }

    private static float[][] state(List<Parameter> parameters, boolean wanted) {
        float[][] state = new float[parameters.size()][];
        for (int i = 0; wanted && i < state.length; i++) {
            state[i] = new float[parameters.get(i).size()];
        }
        return state;
    }

    @Override
    protected java.util.Map<String, float[][]> slots() {
        return java.util.Map.of("velocity", velocities, "average_gradient", averageGradients, "momentum", momentums);
    }

    @Override
    protected void update(List<Parameter> parameters, StepContext context) {
        float rate = (float) context.learningRate();
        for (int i = 0; i < velocities.length; i++) {
            Parameter parameter = parameters.get(i);
            kernels.rmspropStep(parameter.values(), parameter.gradient(), velocities[i], averageGradients[i], momentums[i], parameter.size(),
                    rate, rho, momentum, epsilon);
        }
    }
}
