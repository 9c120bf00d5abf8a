package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * keras.callbacks.ReduceLROnPlateau (keras/callbacks/reduce_lr_on_plateau.py): when the
 * monitored figure has not improved by more than min_delta for patience epochs, the
 * learning rate is multiplied by factor (never below min_lr), then cooldown epochs pass
 * before counting again. Losses improve downwards, accuracies upwards (Keras's mode
 * "auto"). Keras's defaults: monitor val_loss, factor 0.1, patience 10, min_delta 1e-4,
 * cooldown 0, min_lr 0. It needs a constant learning_rate, as in Keras, where it cannot
 * set a schedule's rate.
 */
public record ReduceLrOnPlateauSpec(String monitor, double factor, int patience, double minDelta, int cooldown, double minLr) {
    static final String KEY = "reduce_lr_on_plateau";
    private static final List<String> KEYS = List.of("monitor", "factor", "patience", "min_delta", "cooldown", "min_lr");
    public static final ReduceLrOnPlateauSpec KERAS_DEFAULT = new ReduceLrOnPlateauSpec("val_loss", 0.1, 10, 1e-4, 0, 0);

    public ReduceLrOnPlateauSpec {
        Require.oneOf("monitor", monitor, EarlyStoppingSpec.MONITORS);
        Require.inRange("factor", factor, 0, false, 1, false);
        Require.atLeast("patience", patience, 0);
        Require.nonNegativeFinite("min_delta", minDelta);
        Require.atLeast("cooldown", cooldown, 0);
        Require.nonNegativeFinite("min_lr", minLr);
    }

    /** Whether the monitored figure improves when it goes down. */
    public boolean lowerIsBetter() {
        return Metrics.lowerIsBetter(monitor);
    }

    public Map<String, Object> canonical() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("monitor", monitor);
        map.put("factor", factor);
        map.put("patience", patience);
        map.put("min_delta", minDelta);
        map.put("cooldown", cooldown);
        map.put("min_lr", minLr);
        return map;
    }

    static ReduceLrOnPlateauSpec read(YamlReader in, Node node, String path) {
        Map<String, Node> entries = in.mapping(node, path, "{monitor: val_loss, factor: 0.1, patience: 10, min_delta: 1.0e-4, cooldown: 0, min_lr: 0}", KEYS);
        if (entries == null) {
            return null;
        }
        ReduceLrOnPlateauSpec d = KERAS_DEFAULT;
        String monitor = entries.containsKey("monitor") ? in.choiceName(entries.get("monitor"), path + ".monitor", EarlyStoppingSpec.MONITORS) : d.monitor();
        Double factor = in.number(entries, path, "factor", d.factor(), v -> Require.inRange("factor", v, 0, false, 1, false));
        Integer patience = in.integer(entries, path, "patience", d.patience(), v -> Require.atLeast("patience", v, 0));
        Double minDelta = in.number(entries, path, "min_delta", d.minDelta(), v -> Require.nonNegativeFinite("min_delta", v));
        Integer cooldown = in.integer(entries, path, "cooldown", d.cooldown(), v -> Require.atLeast("cooldown", v, 0));
        Double minLr = in.number(entries, path, "min_lr", d.minLr(), v -> Require.nonNegativeFinite("min_lr", v));
        if (monitor == null || factor == null || patience == null || minDelta == null || cooldown == null || minLr == null) {
            return null;
        }
        return in.attempt(path, () -> new ReduceLrOnPlateauSpec(monitor, factor, patience, minDelta, cooldown, minLr));
    }
}
