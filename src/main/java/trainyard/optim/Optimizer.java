package trainyard.optim;

import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.Kernels;
import trainyard.model.Parameter;

/**
 * Updates every parameter from its gradient, once per batch, as Keras 3's optimizers do
 * (keras/optimizers/base_optimizer.py): the decoupled weight decay first,
 * w -= w · weight_decay · lr, then the optimizer's own update. Weight constraints are the
 * layers' (the network applies them after the step). Each optimizer owns its moments,
 * made fresh per run for the parameters it was built for.
 */
public abstract class Optimizer {
    /** The optimizers by their config name: how to build one, and its state in floats per parameter. */
    private record Entry(Factory factory, ToIntFunction<OptimizerSpec> stateFloats) {
    }

    private interface Factory {
        Optimizer build(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels);
    }

    private static final Map<String, Entry> REGISTRY = Map.of(
            "sgd", new Entry(Sgd::new, Sgd::momentumFloats),
            "adam", new Entry(Adam::new, spec -> 2),
            "adamw", new Entry(Adam::new, spec -> 2),
            "rmsprop", new Entry(Rmsprop::new, Rmsprop::stateFloats));

    protected final OptimizerSpec spec;
    protected final List<Parameter> parameters;
    protected final Kernels kernels;

    protected Optimizer(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels) {
        this.spec = spec;
        this.parameters = List.copyOf(parameters);
        this.kernels = kernels;
    }

    /** A fresh optimizer, with zeroed state, for these parameters. */
    public static Optimizer build(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels) {
        return entry(spec).factory().build(spec, parameters, kernels);
    }

    /** Floats of optimizer state per parameter (moments, velocities): for the memory estimate. */
    public static int stateFloatsPerParameter(OptimizerSpec spec) {
        return entry(spec).stateFloats().applyAsInt(spec);
    }

    private static Entry entry(OptimizerSpec spec) {
        Entry entry = REGISTRY.get(spec.name());
        if (entry == null) {
            throw new IllegalArgumentException("no update rule for the optimizer '" + spec.name() + "'");
        }
        return entry;
    }

    /** One update of the parameters this optimizer was built for, from their gradients. */
    public final void step(List<Parameter> parameters, StepContext context) {
        if (parameters.size() != this.parameters.size()) {
            throw new IllegalArgumentException("built for " + this.parameters.size() + " parameters, given " + parameters.size());
        }
        if (spec.weightDecay() != 0) {
            float amount = (float) (spec.weightDecay() * context.learningRate());
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.get(i);
                kernels.decay(parameter.values(), parameter.size(), amount);
            }
        }
        update(parameters, context);
    }

    /**
     * The optimizer's own rule over the parameters (those it was built for, in that order:
     * its state is kept per index), with this step's rate from the context.
     */
    protected abstract void update(List<Parameter> parameters, StepContext context);

    /**
     * The optimizer's state by slot name ("m", "v", "velocity", ...), one array per
     * parameter (null where a slot is not kept): what a checkpoint saves and restores.
     */
    protected abstract Map<String, float[][]> slots();

    /**
     * The state as named arrays, "SLOT/PARAMETER", the live arrays themselves: a checkpoint
     * copies them out, and a resumed run copies saved values into them.
     */
    public final Map<String, float[]> state() {
        Map<String, float[]> state = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, float[][]> slot : slots().entrySet()) {
            for (int i = 0; i < parameters.size(); i++) {
                if (slot.getValue()[i] != null) {
                    state.put(slot.getKey() + "/" + parameters.get(i).name(), slot.getValue()[i]);
                }
            }
        }
        return state;
    }
}
