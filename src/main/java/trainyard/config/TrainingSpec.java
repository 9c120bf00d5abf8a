package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * How to fit. Defaults follow Keras's fit(): 1 epoch, batch 32, no validation, shuffling
 * every epoch. Keras draws a random seed when none is given; we fix 42 instead so that
 * the same file always gives the same numbers. threads 0 means every core; results do
 * not depend on it (work is split on output rows, never along a sum). earlyStopping and
 * reduceLrOnPlateau are null when not asked for.
 */
public record TrainingSpec(int epochs, int batchSize, ValidationSpec validation, long seed, int threads,
                           EarlyStoppingSpec earlyStopping, ReduceLrOnPlateauSpec reduceLrOnPlateau) {
    public static final int DEFAULT_EPOCHS = 1;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final long DEFAULT_SEED = 42;
    private static final List<String> KEYS = List.of("epochs", "batch_size", "validation", "seed", "threads",
            EarlyStoppingSpec.KEY, ReduceLrOnPlateauSpec.KEY);

    public TrainingSpec {
        Require.atLeast("epochs", epochs, 1);
        Require.atLeast("batch_size", batchSize, 1);
        Require.present("validation", validation);
        Require.atLeast("threads", threads, 0);
        boolean validated = !(validation instanceof ValidationSpec.NoValidation);
        if (earlyStopping != null && earlyStopping.monitor().startsWith("val_") && !validated) {
            throw new InvalidValueException(EarlyStoppingSpec.KEY, "monitor " + earlyStopping.monitor()
                    + " needs validation; set training.validation to test or {split: F}, or monitor loss");
        }
        if (reduceLrOnPlateau != null && reduceLrOnPlateau.monitor().startsWith("val_") && !validated) {
            throw new InvalidValueException(ReduceLrOnPlateauSpec.KEY, "monitor " + reduceLrOnPlateau.monitor()
                    + " needs validation; set training.validation to test or {split: F}, or monitor loss");
        }
    }

    /** Without reduce_lr_on_plateau. */
    public TrainingSpec(int epochs, int batchSize, ValidationSpec validation, long seed, int threads, EarlyStoppingSpec earlyStopping) {
        this(epochs, batchSize, validation, seed, threads, earlyStopping, null);
    }

    /** Keras's fit() defaults with our fixed seed. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, new ValidationSpec.NoValidation(), DEFAULT_SEED, 0, null, null);
    }

    /** A copy with another thread count (what a sweep gives each trial). */
    public TrainingSpec withThreads(int newThreads) {
        return new TrainingSpec(epochs, batchSize, validation, seed, newThreads, earlyStopping, reduceLrOnPlateau);
    }

    /** As the file writes it; threads only in full, since results do not depend on it. */
    public Map<String, Object> canonical(boolean identity) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("epochs", epochs);
        map.put("batch_size", batchSize);
        map.put("validation", validation.canonical());
        map.put("seed", seed);
        if (earlyStopping != null) {
            map.put(EarlyStoppingSpec.KEY, earlyStopping.canonical());
        }
        if (reduceLrOnPlateau != null) {
            map.put(ReduceLrOnPlateauSpec.KEY, reduceLrOnPlateau.canonical());
        }
        if (!identity) {
            map.put("threads", threads);
        }
        return map;
    }

    static TrainingSpec read(YamlReader in, Node node) {
        Map<String, Node> entries = in.mapping(node, "training", "the training settings", KEYS);
        if (entries == null) {
            return null;
        }
        Integer epochs = in.integer(entries, "training", "epochs", DEFAULT_EPOCHS, v -> Require.atLeast("epochs", v, 1));
        Integer batchSize = in.integer(entries, "training", "batch_size", DEFAULT_BATCH_SIZE, v -> Require.atLeast("batch_size", v, 1));
        Integer threads = in.integer(entries, "training", "threads", 0, v -> Require.atLeast("threads", v, 0));
        Long seed = in.longValue(entries, "training", "seed", DEFAULT_SEED);
        ValidationSpec validation = entries.containsKey("validation") ? ValidationSpec.read(in, entries.get("validation"))
                : new ValidationSpec.NoValidation();
        boolean stops = entries.containsKey(EarlyStoppingSpec.KEY) && !YamlReader.isNull(entries.get(EarlyStoppingSpec.KEY));
        EarlyStoppingSpec earlyStopping = stops ? EarlyStoppingSpec.read(in, entries.get(EarlyStoppingSpec.KEY), "training." + EarlyStoppingSpec.KEY) : null;
        boolean reduces = entries.containsKey(ReduceLrOnPlateauSpec.KEY) && !YamlReader.isNull(entries.get(ReduceLrOnPlateauSpec.KEY));
        ReduceLrOnPlateauSpec plateau = reduces
                ? ReduceLrOnPlateauSpec.read(in, entries.get(ReduceLrOnPlateauSpec.KEY), "training." + ReduceLrOnPlateauSpec.KEY) : null;
        if (epochs == null || batchSize == null || threads == null || seed == null || validation == null
                || (stops && earlyStopping == null) || (reduces && plateau == null)) {
            return null;
        }
        return in.attempt("training", () -> new TrainingSpec(epochs, batchSize, validation, seed, threads, earlyStopping, plateau));
    }
}
