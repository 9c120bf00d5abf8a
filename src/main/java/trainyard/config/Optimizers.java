package trainyard.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The optimizers an experiment may name, with Keras 3's defaults (keras/optimizers/*.py):
 * the one place a new optimizer's settings are declared. The update rules are in
 * trainyard.optim, one file each.
 */
public final class Optimizers {
    /**
     * An optimizer's name and settings.
     *
     * @param weightDecay the default of the optimizer-level weight_decay (0: none)
     */
    public record Kind(String name, double learningRate, double weightDecay, List<Setting> settings) {
        public Kind {
            settings = List.copyOf(settings);
        }
    }

    private static final Setting BETA_1 = Setting.fraction("beta_1", 0.9, true);
    private static final Setting BETA_2 = Setting.fraction("beta_2", 0.999, true);
    private static final Setting EPSILON = Setting.positive("epsilon", 1e-7, true);

    /** In the order the README lists them. */
    public static final List<Kind> ALL = List.of(
            new Kind("sgd", 0.01, 0, List.of(Setting.fraction("momentum", 0.0, true), Setting.flag("nesterov", false, true))),
            new Kind("adam", 0.001, 0, List.of(BETA_1, BETA_2, EPSILON)),
            new Kind("adamw", 0.001, 0.004, List.of(BETA_1, BETA_2, EPSILON)),
            new Kind("rmsprop", 0.001, 0, List.of(Setting.fraction("rho", 0.9, false), Setting.fraction("momentum", 0.0, false),
                    Setting.positive("epsilon", 1e-7, false), Setting.flag("centered", false, false))));

    private static final Map<String, Kind> BY_NAME = ALL.stream().collect(Collectors.toMap(Kind::name, Function.identity()));

    private Optimizers() {
    }

    public static List<String> names() {
        return ALL.stream().map(Kind::name).toList();
    }

    /** The kind of this name; throws {@link InvalidValueException} naming the ones there are. */
    public static Kind named(String name) {
        Kind kind = BY_NAME.get(name);
        if (kind == null) {
            throw new InvalidValueException("name", "unknown optimizer '" + name + "'" + Suggestions.didYouMean(name, names())
                    + "; allowed: " + String.join(", ", names()));
        }
        return kind;
    }
}
