package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Stop when the monitored figure has not improved by more than min_delta for patience
 * epochs, as keras.callbacks.EarlyStopping does; restore_best puts back the weights of
 * the best epoch (Keras's restore_best_weights, default false there; true here because
 * a sweep compares the best each trial reached). Losses improve downwards, accuracies
 * upwards. Keras's default patience is 0; ours is 3, since 0 stops at the first noisy epoch.
 */
public record EarlyStoppingSpec(String monitor, int patience, double minDelta, boolean restoreBest) {
    public static final List<String> MONITORS = Metrics.NAMES;
    public static final int KERAS_PATIENCE = 3;
    static final String KEY = "early_stopping";
    private static final List<String> KEYS = List.of("monitor", "patience", "min_delta", "restore_best");

    public EarlyStoppingSpec {
        Require.oneOf("monitor", monitor, MONITORS);
        Require.atLeast("patience", patience, 0);
        Require.nonNegativeFinite("min_delta", minDelta);
    }

    /** Whether a figure improves when it goes down. */
    public boolean lowerIsBetter() {
        return Metrics.lowerIsBetter(monitor);
    }

    public Map<String, Object> canonical() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("monitor", monitor);
        map.put("patience", patience);
        map.put("min_delta", minDelta);
        map.put("restore_best", restoreBest);
        return map;
    }

    static EarlyStoppingSpec read(YamlReader in, Node node, String path) {
        Map<String, Node> entries = in.mapping(node, path, "{monitor: val_loss, patience: 3, min_delta: 0, restore_best: true}", KEYS);
        if (entries == null) {
            return null;
        }
        String monitor = entries.containsKey("monitor") ? in.choiceName(entries.get("monitor"), path + ".monitor", MONITORS) : "val_loss";
        Integer patience = in.integer(entries, path, "patience", KERAS_PATIENCE, v -> Require.atLeast("patience", v, 0));
        Double minDelta = in.number(entries, path, "min_delta", 0.0, v -> Require.nonNegativeFinite("min_delta", v));
        Boolean restoreBest = in.bool(entries, path, "restore_best", true);
        if (monitor == null || patience == null || minDelta == null || restoreBest == null) {
            return null;
        }
        return in.attempt(path, () -> new EarlyStoppingSpec(monitor, patience, minDelta, restoreBest));
    }
}
