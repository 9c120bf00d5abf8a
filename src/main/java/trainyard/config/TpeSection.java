package trainyard.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * sweep.tpe as written: a search that learns from its trials (the Tree-structured Parzen
 * Estimator, Optuna's default sampler). The first startup_trials are uniform draws from the
 * space, the same a random search with this seed makes; the rest are proposed from the
 * figures of the trials before them, in batches. What it is once the trials are known is
 * {@link SweepSpec.Tpe}.
 *
 * <p>Defaults, and why: startup_trials 10 (Optuna's n_startup_trials); batch = sweep.parallel
 * when that is a number, else 2, never the machine's core count, so that the same file
 * proposes the same trials on every machine; metric as halving's (val_accuracy when every
 * trial validates, else accuracy).
 *
 * @param batch  null for the default
 * @param metric null for the default
 */
record TpeSection(int trials, long seed, int startupTrials, Integer batch, String metric, SearchSpace space, Node node, Node metricNode) {
    static final List<String> KEYS = List.of("trials", "seed", "startup_trials", "batch", "metric", "space");
    /** Optuna's n_startup_trials. */
    static final int DEFAULT_STARTUP_TRIALS = 10;
    /** The batch when sweep.parallel is auto: a fixed number, so proposals do not depend on the machine. */
    static final int DEFAULT_BATCH = 2;

    /** The section, or null when it is not usable (each fault reported). */
    static TpeSection read(YamlReader in, Node node) {
        Map<String, Node> entries = in.mapping(node, "sweep.tpe", "{trials: N, seed: S, space: {...}}", KEYS);
        if (entries == null) {
            return null;
        }
        Integer trials = null;
        if (entries.containsKey("trials")) {
            trials = in.wholeNumber(entries.get("trials"), "sweep.tpe.trials", 1);
        } else {
            in.problem(node, "sweep.tpe: missing 'trials' (how many configurations to train in all)");
        }
        Long seed = entries.containsKey("seed") ? in.longValue(entries.get("seed"), "sweep.tpe.seed") : Long.valueOf(0);
        Integer startup = entries.containsKey("startup_trials")
                ? in.wholeNumber(entries.get("startup_trials"), "sweep.tpe.startup_trials", 1) : Integer.valueOf(DEFAULT_STARTUP_TRIALS);
        if (trials != null && startup != null && startup >= trials) {
            Node where = entries.containsKey("startup_trials") ? entries.get("startup_trials") : entries.get("trials");
            in.problem(where, "sweep.tpe.startup_trials: " + startup + (entries.containsKey("startup_trials") ? "" : " (the default)")
                    + " random trials leave none of the " + trials + " trials to the model; expected startup_trials below trials");
        }
        Integer batch = entries.containsKey("batch") ? in.wholeNumber(entries.get("batch"), "sweep.tpe.batch", 1) : null;
        String metric = SweepMetric.read(in, entries.get("metric"), "sweep.tpe.metric");
        SearchSpace space = SearchSpace.read(in, node, entries.get("space"), "sweep.tpe");
        boolean usable = trials != null && seed != null && startup != null && startup < trials && space != null
                && (batch != null || !entries.containsKey("batch")) && (metric != null || !entries.containsKey("metric"));
        return usable ? new TpeSection(trials, seed, startup, batch, metric, space, node, entries.get("metric")) : null;
    }

    /**
     * How many different trials the space can make, or -1 for more than any sweep (a range
     * of decimals); a space smaller than the trials cannot give each a configuration of its own.
     */
    long distinctPoints() {
        long product = 1;
        for (SearchDimension dimension : space.dimensions()) {
            long size = switch (dimension.kind()) {
                case CHOICE -> dimension.choices().size();
                case INT_UNIFORM -> (long) dimension.high() - (long) dimension.low() + 1;
                default -> dimension.low() == dimension.high() ? 1 : -1;
            };
            if (size < 0) {
                return -1;
            }
            product = Math.multiplyExact(product, Math.min(size, ExperimentPlanner.MAX_TRIALS + 1L));
            if (product > ExperimentPlanner.MAX_TRIALS) {
                return -1;
            }
        }
        return product;
    }

    /**
     * The search the trials get (faults reported to {@code in}): its metric must be measured by
     * every trial.
     *
     * @param parallel sweep.parallel, 0 for auto
     */
    SweepSpec.Tpe spec(YamlReader in, List<Trial> startTrials, int parallel) {
        String chosen = SweepMetric.chosen(in, metric, metricNode != null ? metricNode : node, "sweep.tpe.metric", startTrials,
                "learn from accuracy or loss");
        int chosenBatch = batch != null ? batch : parallel > 0 ? parallel : DEFAULT_BATCH;
        return new SweepSpec.Tpe(trials, seed, startupTrials, chosenBatch, chosen, space.canonical());
    }
}
