package trainyard.config;

import java.util.List;
import java.util.Map;

/**
 * The `sweep` section as plain values, kept in sweep.json beside the trials it made.
 *
 * @param parallel trials at once; 0 means automatic (as many as cores, one thread each)
 * @param grid     dotted key path → the values to try; the trials are the cartesian product
 * @param random   random search, or null; with a grid, every grid point gets the same draws
 * @param halving  successive halving over the trials, or null to train each one fully
 * @param launcher where the trials run when not here (Slurm, Kubernetes), or null
 */
public record SweepSpec(int parallel, Map<String, List<Object>> grid, RandomSearch random, Halving halving, LauncherSpec launcher, Tpe tpe) {

    public SweepSpec(int parallel, Map<String, List<Object>> grid, RandomSearch random) {
        this(parallel, grid, random, null, null, null);
    }

    public SweepSpec(int parallel, Map<String, List<Object>> grid, RandomSearch random, Halving halving, LauncherSpec launcher) {
        this(parallel, grid, random, halving, launcher, null);
    }

    /**
     * A search that learns from its trials (TPE): the first startupTrials are uniform draws
     * from the space, every later one is proposed from the figures of the batches before its
     * own. The proposals depend on the seed, the batch size and the figures alone.
     *
     * @param batch  trials proposed together, each without the others' figures
     * @param metric what it learns from: val_accuracy, val_loss, accuracy, loss, ...
     * @param space  dotted key path → its distribution, as for random search
     */
    public record Tpe(int trials, long seed, int startupTrials, int batch, String metric, Map<String, Object> space) {
        public boolean lowerIsBetter() {
            return Metrics.lowerIsBetter(metric);
        }

        /** The space's keys as a sampler sees them, in the space's order. */
        public List<SearchDimension> dimensions() {
            List<SearchDimension> dimensions = new java.util.ArrayList<>();
            space.forEach((path, written) -> dimensions.add(SearchDimension.of(path, written)));
            return dimensions;
        }
    }

    /**
     * @param space dotted key path → {log_uniform: [low, high]}, {uniform: [low, high]},
     *              {int_uniform: [low, high]} (both ends included) or {choice: [values]}
     */
    public record RandomSearch(int trials, long seed, Map<String, Object> space) {
    }

    /**
     * Successive halving (and with brackets > 1, Hyperband): every trial trains minEpochs,
     * the best 1/reductionFactor by metric go on from their checkpoints to minEpochs·η, and so
     * on up to maxEpochs. Each trial's training.epochs is maxEpochs, so its run_id does not
     * depend on the rung it reaches.
     *
     * @param metric what ranks a rung's trials: val_accuracy, val_loss, accuracy or loss
     */
    public record Halving(int minEpochs, int maxEpochs, int reductionFactor, String metric, int brackets) {
        public static final List<String> KEYS = List.of("min_epochs", "max_epochs", "reduction_factor", "metric", "brackets");
        public static final List<String> METRICS = List.of("val_accuracy", "val_loss", "accuracy", "loss", "val_mae", "val_rmse", "mae", "rmse");
        public static final int DEFAULT_REDUCTION_FACTOR = 3;

        public boolean lowerIsBetter() {
            return Metrics.lowerIsBetter(metric);
        }

        /** The brackets over this many trials (which Hyperband's brackets need exactly). */
        public List<HalvingSchedule.Bracket> brackets(int trials) {
            return HalvingSchedule.brackets(trials, minEpochs, maxEpochs, reductionFactor, brackets);
        }
    }
}
