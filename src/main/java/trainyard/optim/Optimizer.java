package trainyard.optim;

import static trainyard.config.OptimizerKind.Settings.ADAGRAD_EPSILON;
import static trainyard.config.OptimizerKind.Settings.BETA_1;
import static trainyard.config.OptimizerKind.Settings.BETA_2;
import static trainyard.config.OptimizerKind.Settings.CENTERED;
import static trainyard.config.OptimizerKind.Settings.EPSILON;
import static trainyard.config.OptimizerKind.Settings.INITIAL_ACCUMULATOR_VALUE;
import static trainyard.config.OptimizerKind.Settings.NESTEROV;
import static trainyard.config.OptimizerKind.Settings.RHO;
import static trainyard.config.OptimizerKind.Settings.RMSPROP_EPSILON;
import static trainyard.config.OptimizerKind.Settings.RMSPROP_MOMENTUM;
import static trainyard.config.OptimizerKind.Settings.SGD_MOMENTUM;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import trainyard.config.LearningRateSpec;
import trainyard.config.OptimizerSpec;
import trainyard.kernels.AdagradRule;
import trainyard.kernels.AdamRule;
import trainyard.kernels.Kernels;
import trainyard.kernels.RmspropRule;
import trainyard.kernels.SgdRule;
import trainyard.kernels.UpdateRule;
import trainyard.model.Parameter;

/**
 * Updates every parameter from its gradient, once per batch, as Keras 3's optimizers do
 * (keras/optimizers/base_optimizer.py): the decoupled weight decay first,
 * w -= w · weight_decay · lr, then the optimizer's own rule (a {@link UpdateRule} of the
 * kernels). As in Keras, the optimizer owns its learning rate: the spec's constant or
 * schedule, unless a callback (reduce-on-plateau) sets a new constant. It also owns the
 * rule's state, made fresh per run for the parameters it was built for. Weight constraints
 * are the layers' (the network applies them after the step).
 */
public final class Optimizer {
    private final OptimizerSpec spec;
    private final UpdateRule rule;
    private final List<Parameter> parameters;
    /** Per parameter, the rule's slot arrays. */
    private final float[][][] state;
    private final Kernels kernels;
    private double setByCallback = Double.NaN;
    private double lastRate = Double.NaN;

    private Optimizer(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels) {
        this.spec = spec;
        this.rule = rule(spec);
        this.parameters = List.copyOf(parameters);
        this.kernels = kernels;
        this.state = new float[parameters.size()][rule.slots().size()][];
        for (int i = 0; i < state.length; i++) {
            for (int slot = 0; slot < state[i].length; slot++) {
                state[i][slot] = new float[parameters.get(i).size()];
                java.util.Arrays.fill(state[i][slot], rule.initialValue(slot));
            }
        }
    }

    /** A fresh optimizer, with zeroed state, for these parameters. */
    public static Optimizer build(OptimizerSpec spec, List<Parameter> parameters, Kernels kernels) {
        return new Optimizer(spec, parameters, kernels);
    }

    /** Each kind's rule, with its settings: the switch is exhaustive, so a kind without one does not compile. */
    private static UpdateRule rule(OptimizerSpec spec) {
        return switch (spec.kind()) {
            case SGD -> new SgdRule(spec.number(SGD_MOMENTUM), spec.flag(NESTEROV));
            case ADAM, ADAMW -> new AdamRule(spec.number(BETA_1), spec.number(BETA_2), spec.number(EPSILON));
            case RMSPROP -> new RmspropRule(spec.number(RHO), spec.number(RMSPROP_MOMENTUM), spec.number(RMSPROP_EPSILON), spec.flag(CENTERED));
            case ADAGRAD -> new AdagradRule(spec.number(INITIAL_ACCUMULATOR_VALUE), spec.number(ADAGRAD_EPSILON));
        };
    }

    /** Floats of optimizer state per parameter (moments, velocities): for the memory estimate. */
    public static int stateFloatsPerParameter(OptimizerSpec spec) {
        return rule(spec).slots().size();
    }

    /** The rate of the step after {@code iteration} earlier ones: the schedule's, unless a callback set one. */
    public double learningRate(long iteration) {
        return Double.isNaN(setByCallback) ? spec.learningRate().at(iteration) : setByCallback;
    }

    /** The rate the latest step used; NaN before the first. */
    public double lastLearningRate() {
        return lastRate;
    }

    /** The rate a callback set, if one did: a checkpoint keeps it. */
    public OptionalDouble rateSetByCallback() {
        return Double.isNaN(setByCallback) ? OptionalDouble.empty() : OptionalDouble.of(setByCallback);
    }

    /** Replaces a constant rate from the next step on; a schedule cannot be replaced (the config refuses it). */
    public void setLearningRate(double rate) {
        if (!(spec.learningRate() instanceof LearningRateSpec.Constant)) {
            throw new IllegalStateException("a scheduled learning rate cannot be set");
        }
        setByCallback = rate;
    }

    /**
     * One update of the parameters this optimizer was built for, from their gradients.
     *
     * @param iteration updates done before this one (Keras's optimizer.iterations)
     */
    public void step(List<Parameter> parameters, long iteration) {
        if (parameters.size() != this.parameters.size()) {
            throw new IllegalArgumentException("built for " + this.parameters.size() + " parameters, given " + parameters.size());
        }
        double rate = learningRate(iteration);
        lastRate = rate;
        if (spec.weightDecay() != 0) {
            float amount = (float) (spec.weightDecay() * rate);
            for (int i = 0; i < parameters.size(); i++) { // by index: an iterator would be an allocation per step
                Parameter parameter = parameters.get(i);
                kernels.decay(parameter.values(), parameter.size(), amount);
            }
        }
        rule.prepare(rate, iteration);
        for (int i = 0; i < state.length; i++) {
            Parameter parameter = parameters.get(i);
            kernels.update(rule, parameter.values(), parameter.gradient(), state[i], parameter.size());
        }
    }

    /**
     * The state as named arrays, "SLOT/PARAMETER", the live arrays themselves: a checkpoint
     * copies them out, and a resumed run copies saved values into them.
     */
    public Map<String, float[]> state() {
        Map<String, float[]> named = new LinkedHashMap<>();
        List<String> slots = rule.slots();
        for (int slot = 0; slot < slots.size(); slot++) {
            for (int i = 0; i < parameters.size(); i++) {
                named.put(slots.get(slot) + "/" + parameters.get(i).name(), state[i][slot]);
            }
        }
        return named;
    }
}
