package trainyard.config;

import java.util.Arrays;
import java.util.List;

/**
 * The optimizers an experiment may name, with Keras 3's defaults (keras/optimizers/*.py): the
 * one registry of them. Each declares its name, default learning rate and weight decay, and
 * its settings; trainyard.optim builds each one's update rule in an exhaustive switch over
 * these constants, so a kind without a rule does not compile.
 */
public enum OptimizerKind {
    SGD("sgd", 0.01, 0, Settings.SGD_MOMENTUM, Settings.NESTEROV),
    ADAM("adam", 0.001, 0, Settings.BETA_1, Settings.BETA_2, Settings.EPSILON),
    ADAMW("adamw", 0.001, 0.004, Settings.BETA_1, Settings.BETA_2, Settings.EPSILON),
    RMSPROP("rmsprop", 0.001, 0, Settings.RHO, Settings.RMSPROP_MOMENTUM, Settings.RMSPROP_EPSILON, Settings.CENTERED),
    ADAGRAD("adagrad", 0.001, 0, Settings.INITIAL_ACCUMULATOR_VALUE, Settings.ADAGRAD_EPSILON);

    /** As the file writes it. */
    public final String yamlName;
    public final double learningRate;
    /** The default of the optimizer-level weight_decay (0: none). */
    public final double weightDecay;
    public final List<Setting> settings;

    OptimizerKind(String yamlName, double learningRate, double weightDecay, Setting... settings) {
        this.yamlName = yamlName;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.settings = List.of(settings);
    }

    /**
     * Every optimizer's settings, each declared once, which code reads by these constants
     * ({@link OptimizerSpec#number}, {@link OptimizerSpec#flag}), never by a key's spelling.
     */
    public static final class Settings {
        public static final Setting SGD_MOMENTUM = Setting.fraction("momentum", 0.0, true);
        public static final Setting NESTEROV = Setting.flag("nesterov", false, true);
        public static final Setting BETA_1 = Setting.fraction("beta_1", 0.9, true);
        public static final Setting BETA_2 = Setting.fraction("beta_2", 0.999, true);
        public static final Setting EPSILON = Setting.positive("epsilon", 1e-7, true);
        public static final Setting RHO = Setting.fraction("rho", 0.9, false);
        public static final Setting RMSPROP_MOMENTUM = Setting.fraction("momentum", 0.0, false);
        public static final Setting RMSPROP_EPSILON = Setting.positive("epsilon", 1e-7, false);
        public static final Setting CENTERED = Setting.flag("centered", false, false);
        public static final Setting INITIAL_ACCUMULATOR_VALUE = Setting.nonNegative("initial_accumulator_value", 0.1, false);
        public static final Setting ADAGRAD_EPSILON = Setting.positive("epsilon", 1e-7, false);

        private Settings() {
        }
    }

    /** The names, in the order the README lists them. */
    public static List<String> names() {
        return Arrays.stream(values()).map(kind -> kind.yamlName).toList();
    }

    /** The kind of this name; throws {@link InvalidValueException} naming the ones there are. */
    public static OptimizerKind named(String name) {
        for (OptimizerKind kind : values()) {
            if (kind.yamlName.equals(name)) {
                return kind;
            }
        }
        throw new InvalidValueException("name", "unknown optimizer '" + name + "'" + Suggestions.didYouMean(name, names())
                + "; allowed: " + String.join(", ", names()));
    }
}
