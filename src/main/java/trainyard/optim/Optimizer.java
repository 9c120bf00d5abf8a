package trainyard.optim;

import java.util.List;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.Kernels;
import trainyard.model.Parameter;

/** Updates every parameter from its gradient, once per batch. */
public interface Optimizer {
    void step();

    /** A fresh optimizer, with zeroed state, for these parameters. */
    static Optimizer build(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels) {
        return switch (spec) {
            case OptimizerSpec.Sgd sgd -> new Sgd(sgd, parameters, kernels);
            case OptimizerSpec.Adam adam -> new Adam(adam, parameters, kernels);
        };
    }
}
