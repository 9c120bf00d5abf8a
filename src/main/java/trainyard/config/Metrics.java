package trainyard.config;

import java.util.List;

/**
 * The figures an epoch reports, by the names Keras logs them: loss, a classification's
 * accuracy, a regression's mae and rmse (in the target's units), each measured on the
 * training batches or, with val_, on the validation set. Early stopping, reduce-on-plateau
 * and a halving rung name one of these; which way is better is decided here, once.
 */
public final class Metrics {
    /** Every name, the validation figures first (what a monitor usually watches). */
    public static final List<String> NAMES = List.of("val_loss", "val_accuracy", "val_mae", "val_rmse", "loss", "accuracy", "mae", "rmse");

    private Metrics() {
    }

    /** Keras's mode "auto": a loss or an error improves by going down, an accuracy by going up. */
    public static boolean lowerIsBetter(String metric) {
        return !metric.endsWith("accuracy");
    }

    /** Whether a classification (accuracy) or a regression (mae, rmse) reports it; loss is both's. */
    public static boolean appliesTo(String metric, boolean regression) {
        String base = metric.startsWith("val_") ? metric.substring(4) : metric;
        return base.equals("loss") || (regression ? base.equals("mae") || base.equals("rmse") : base.equals("accuracy"));
    }
}
