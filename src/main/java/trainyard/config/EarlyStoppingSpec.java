package trainyard.config;

import java.util.List;

/**
 * Stop when the monitored figure has not improved by more than min_delta for patience
 * epochs, as keras.callbacks.EarlyStopping does; restore_best puts back the weights of
 * the best epoch (Keras's restore_best_weights, default false there; true here because
 * a sweep compares the best each trial reached). Losses improve downwards, accuracies
 * upwards. Keras's default patience is 0; ours is 3, since 0 stops at the first noisy epoch.
 */
public record EarlyStoppingSpec(String monitor, int patience, double minDelta, boolean restoreBest) {
    public static final List<String> MONITORS = List.of("val_loss", "val_accuracy", "loss", "accuracy");
    public static final int KERAS_PATIENCE = 3;

    public EarlyStoppingSpec {
        if (!MONITORS.contains(monitor)) {
            throw new InvalidValueException("monitor", "must be one of " + String.join(", ", MONITORS) + ", found '" + monitor + "'");
        }
        Require.atLeast("patience", patience, 0);
        Require.inRange("min_delta", minDelta, 0, true, Double.MAX_VALUE, true);
    }

    /** Whether a figure improves when it goes down. */
    public boolean lowerIsBetter() {
        return monitor.endsWith("loss");
    }
}
