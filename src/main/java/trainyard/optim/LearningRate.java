package trainyard.optim;

import trainyard.config.LearningRateSpec;

/**
 * The learning rate of each step: the spec's constant or schedule, unless a callback
 * (reduce-on-plateau) has set a new constant, as Keras's callbacks assign
 * optimizer.learning_rate. The one place the rate of a step is decided.
 */
public final class LearningRate {
    private final LearningRateSpec spec;
    private double setByCallback = Double.NaN;

    public LearningRate(LearningRateSpec spec) {
        this.spec = spec;
    }

    public double at(long iteration) {
        return Double.isNaN(setByCallback) ? spec.at(iteration) : setByCallback;
    }

    /** The rate a callback set, if one did. */
    public java.util.OptionalDouble setByCallback() {
        return Double.isNaN(setByCallback) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(setByCallback);
    }

    /** Replaces a constant rate from the next step on; a schedule cannot be replaced (the config refuses it). */
    public void set(double rate) {
        if (!(spec instanceof LearningRateSpec.Constant)) {
            throw new IllegalStateException("a scheduled learning rate cannot be set");
        }
        setByCallback = rate;
    }
}
