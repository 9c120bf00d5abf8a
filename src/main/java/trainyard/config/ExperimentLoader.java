package trainyard.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import trainyard.files.BoundedFiles;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads an experiment file into an {@link ExperimentSpec}, or reports every fault it can
 * find as `FILE:LINE:COLUMN: message`.
 *
 * <p>Safe by construction: the YAML is only composed into a node tree (SnakeYAML never
 * instantiates a class), any tag beyond the plain YAML types is refused, aliases and
 * nesting depth are capped, and duplicate keys are faults. Values are then read by hand
 * so each one keeps its line and column.
 */
public final class ExperimentLoader {
    /** An experiment is a page of text; these caps stop alias bombs and runaway nesting. */
    static final int MAX_ALIASES = 20;
    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_CODE_POINTS = 1 << 20;
    /** An experiment file is a page of YAML; anything far larger is a mistake (or /dev/zero). */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** SnakeYAML's scanner slows down on very long lines (a 3 MB comment line took 4.5 s and 416 MB). */
    static final int MAX_LINE_CHARACTERS = 10_000;

    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);
    static final List<String> TOP_KEYS = List.of("name", "description", "dataset", "model", "loss", "optimizer", "training", "sweep");
    private static final List<String> TRAINING_KEYS = List.of("epochs", "batch_size", "validation", "seed", "threads", "early_stopping");
    private static final List<String> EARLY_STOPPING_KEYS = List.of("monitor", "patience", "min_delta", "restore_best");
    private static final List<String> SGD_KEYS = List.of("name", "learning_rate", "momentum", "nesterov");
    private static final List<String> ADAM_KEYS = List.of("name", "learning_rate", "beta_1", "beta_2", "epsilon");
    private static final List<String> IDX_KEYS = List.of("train_images", "train_labels", "test_images", "test_labels");

    private final Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, LoadedExperiment.Location> positions = new LinkedHashMap<>();

    private ExperimentLoader(Path file) {
        this.file = file;
    }

    /** Loads a file; the default name is the file name without its .yaml/.yml ending. */
    public static LoadedExperiment load(Path file) throws ConfigException {
        return parse(readText(file), file);
    }

    /**
     * An experiment file's text, or the fault in reading it as a problem at its start:
     * at most {@link #MAX_FILE_BYTES}, UTF-8, and no line longer than
     * {@link #MAX_LINE_CHARACTERS}, all checked before the YAML parser sees it.
     */
    static String readText(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, MAX_FILE_BYTES);
        } catch (BoundedFiles.TooLargeException e) {
            throw new ConfigException(new ConfigProblem(file, SourcePosition.START,
                    "the file is larger than 1 MiB; an experiment file is a page of YAML"));
        } catch (IOException e) {
            String reason = BoundedFiles.reason(e);
            throw new ConfigException(new ConfigProblem(file, SourcePosition.START,
                    reason.equals("no such file") ? reason : "cannot be read: " + reason));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(file, SourcePosition.START, "is not UTF-8 text; an experiment file is YAML"));
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - lineStart > MAX_LINE_CHARACTERS) {
                    throw new ConfigException(new ConfigProblem(file, new SourcePosition(line, 1),
                            "line " + line + " has " + (i - lineStart) + " characters; at most " + MAX_LINE_CHARACTERS + " are allowed"));
                }
                line++;
                lineStart = i + 1;
            }
        }
        return text;
    }

    /** Parses YAML text as if it came from {@code file}. */
    public static LoadedExperiment parse(String text, Path file) throws ConfigException {
        return new ExperimentLoader(file).read(text);
    }

    /** The name an experiment gets when its file does not give one. */
    public static String defaultName(Path file) {
        String base = file.getFileName() == null ? "experiment" : file.getFileName().toString();
        return base.replaceFirst("\\.(ya?ml|json)$", "");
    }

    private LoadedExperiment read(String text) throws ConfigException {
        return validate(composeTree(text));
    }

    /** Composes and tag-checks a file's text; the tree is what sweeps and overrides change. */
    static Node compose(String text, Path file) throws ConfigException {
        return new ExperimentLoader(file).composeTree(text);
    }

    /** Checks a tree (a file's, or a trial's made from it) and builds its spec. */
    static LoadedExperiment fromTree(Node root, Path file) throws ConfigException {
        return new ExperimentLoader(file).validate(root);
    }

    private Node composeTree(String text) throws ConfigException {
        Node root = compose(text);
        if (root != null) {
            checkTags(root);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        if (root == null) {
            throw new ConfigException(new ConfigProblem(file, SourcePosition.START,
                    "the file is empty; expected a mapping with the keys " + String.join(", ", TOP_KEYS)));
        }
        return root;
    }

    private LoadedExperiment validate(Node root) throws ConfigException {
        ExperimentSpec spec = experiment(root);
        if (!problems.isEmpty() || spec == null) {
            problems.sort(java.util.Comparator.comparingInt((ConfigProblem p) -> p.position().line())
                    .thenComparingInt(p -> p.position().column()));
            throw new ConfigException(problems);
        }
        return new LoadedExperiment(spec, file, positions);
    }

    private Node compose(String text) {
        try {
            return YamlTrees.safeYaml().compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            problems.add(ConfigProblem.at(file, mark, "invalid YAML: " + what + context));
        } catch (YAMLException e) {
            problems.add(new ConfigProblem(file, SourcePosition.START, "invalid YAML: " + firstLine(e.getMessage())));
        }
        return null;
    }

    private void checkTags(Node node) {
        if (!PLAIN_TAGS.contains(node.getTag())) {
            problem(node, "the tag '" + node.getTag() + "' is not allowed; experiment files hold plain values, lists and mappings only");
            return;
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                checkTags(tuple.getKeyNode());
                checkTags(tuple.getValueNode());
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(this::checkTags);
        }
    }

    // ---- the sections -------------------------------------------------------------------

    private ExperimentSpec experiment(Node root) {
        Map<String, Node> top = mapping(root, "", "the experiment", TOP_KEYS);
        if (top == null) {
            return null;
        }
        // `sweep` is read by ExperimentPlanner, which hands us the trials without it.
        String defaultName = defaultName(file);
        String name = top.containsKey("name") ? string(top.get("name"), "name") : defaultName;
        if (name != null) {
            check(top.containsKey("name") ? top.get("name") : root, "", () -> Require.plainName("name", name));
        }
        String description = top.containsKey("description") ? string(top.get("description"), "description") : "";
        DatasetSpec dataset = required(top, "dataset", root, "mnist, or {idx: {train_images: ..., ...}}") ? dataset(top.get("dataset")) : null;
        ModelSpec model = required(top, "model", root, "{layers: [...]}") ? model(top.get("model")) : null;
        LossKind loss = required(top, "loss", root, "categorical_crossentropy or mean_squared_error") ? loss(top.get("loss")) : null;
        OptimizerSpec optimizer = required(top, "optimizer", root, "adam or sgd") ? optimizer(top.get("optimizer")) : null;
        TrainingSpec training = top.containsKey("training") ? training(top.get("training"))
                : new TrainingSpec(TrainingSpec.DEFAULT_EPOCHS, TrainingSpec.DEFAULT_BATCH_SIZE,
                new ValidationSpec.NoValidation(), TrainingSpec.DEFAULT_SEED, 0, null);
        if (!problems.isEmpty()) {
            return null;
        }
        return attempt("", () -> new ExperimentSpec(name, description, dataset, model, loss, optimizer, training));
    }

    private DatasetSpec dataset(Node node) {
        if (node instanceof ScalarNode) {
            String value = string(node, "dataset");
            if (value == null) {
                return null;
            }
            if (value.equalsIgnoreCase("mnist")) {
                return new DatasetSpec.Mnist();
            }
            problem(node, "dataset: unknown dataset '" + value + "'; expected mnist, or {idx: {train_images: PATH, train_labels: PATH, test_images: PATH, test_labels: PATH}}"
                    + Suggestions.didYouMean(value, List.of("mnist")));
            return null;
        }
        Map<String, Node> section = mapping(node, "dataset", "mnist or {idx: {...}}", List.of("idx"));
        if (section == null) {
            return null;
        }
        if (!section.containsKey("idx")) {
            problem(node, "dataset: expected the key 'idx' with the four IDX file paths");
            return null;
        }
        Map<String, Node> files = mapping(section.get("idx"), "dataset.idx", "the four IDX file paths", IDX_KEYS);
        if (files == null) {
            return null;
        }
        Path[] paths = new Path[IDX_KEYS.size()];
        for (int i = 0; i < paths.length; i++) {
            String key = IDX_KEYS.get(i);
            if (!files.containsKey(key)) {
                problem(section.get("idx"), "dataset.idx: missing '" + key + "' (a path to an IDX file)");
                continue;
            }
            String text = string(files.get(key), "dataset.idx." + key);
            if (text != null) {
                try {
                    paths[i] = Path.of(text);
                } catch (java.nio.file.InvalidPathException e) {
                    problem(files.get(key), "dataset.idx." + key + ": not a valid path: " + e.getReason());
                }
            }
        }
        for (Path path : paths) {
            if (path == null) {
                return null;
            }
        }
        return new DatasetSpec.IdxFiles(paths[0], paths[1], paths[2], paths[3]);
    }

    private ModelSpec model(Node node) {
        Map<String, Node> section = mapping(node, "model", "{layers: [...]}", List.of("layers"));
        if (section == null) {
            return null;
        }
        if (!section.containsKey("layers")) {
            problem(node, "model: expected the key 'layers', a list of {dense: UNITS, activation: NAME}");
            return null;
        }
        Node layersNode = section.get("layers");
        if (!(layersNode instanceof SequenceNode sequence)) {
            problem(layersNode, "model.layers: expected a list of {dense: UNITS, activation: NAME}, found " + describe(layersNode));
            return null;
        }
        if (sequence.getValue().isEmpty()) {
            problem(layersNode, "model.layers: the list is empty; a model needs at least one layer");
            return null;
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            layers.add(layer(sequence.getValue().get(i), "model.layers[" + i + "]"));
        }
        return layers.contains(null) ? null : new ModelSpec(layers);
    }

    private LayerSpec layer(Node node, String path) {
        Map<String, Node> entries = mapping(node, path, "{dense: UNITS, activation: NAME}", List.of("dense", "activation"));
        if (entries == null) {
            return null;
        }
        if (!entries.containsKey("dense")) {
            problem(node, path + ": expected 'dense: UNITS' (the only layer type)");
            return null;
        }
        Integer units = integer(entries.get("dense"), path + ".dense");
        boolean unitsValid = units != null && check(entries.get("dense"), path, () -> Require.between("dense", units, 1, LayerSpec.MAX_UNITS));
        Activation activation = entries.containsKey("activation")
                ? choice(entries.get("activation"), path + ".activation", Activation.values(), Activation::yamlName)
                : Activation.LINEAR;
        if (!unitsValid || activation == null) {
            return null;
        }
        return attempt(path, () -> new LayerSpec(units, activation));
    }

    /** Keras also accepts the short name 'mse'. */
    private LossKind loss(Node node) {
        if (node instanceof ScalarNode scalar && scalar.getValue().equalsIgnoreCase("mse")) {
            return LossKind.MEAN_SQUARED_ERROR;
        }
        return choice(node, "loss", LossKind.values(), LossKind::yamlName);
    }

    private OptimizerSpec optimizer(Node node) {
        if (node instanceof ScalarNode) {
            String name = choiceName(node, "optimizer", List.of("adam", "sgd"));
            return name == null ? null : name.equals("adam") ? OptimizerSpec.Adam.KERAS_DEFAULT : OptimizerSpec.Sgd.KERAS_DEFAULT;
        }
        if (!(node instanceof MappingNode mappingNode)) {
            problem(node, "optimizer: expected adam, sgd or a mapping with 'name', found " + describe(node));
            return null;
        }
        Node nameNode = null;
        for (NodeTuple tuple : mappingNode.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals("name")) {
                nameNode = tuple.getValueNode();
            }
        }
        if (nameNode == null) {
            problem(node, "optimizer: missing 'name' (adam or sgd)");
            return null;
        }
        String name = choiceName(nameNode, "optimizer.name", List.of("adam", "sgd"));
        if (name == null) {
            return null;
        }
        boolean adam = name.equals("adam");
        List<String> allowed = adam ? ADAM_KEYS : SGD_KEYS;
        for (NodeTuple tuple : mappingNode.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && !allowed.contains(key.getValue())
                    && (adam ? SGD_KEYS : ADAM_KEYS).contains(key.getValue())) {
                problem(key, "optimizer." + key.getValue() + " is a setting of " + (adam ? "sgd" : "adam") + ", not of " + name
                        + "; " + name + " takes: " + String.join(", ", allowed));
            }
        }
        Map<String, Node> entries = mapping(node, "optimizer", "the optimizer's settings", allowed, adam ? SGD_KEYS : ADAM_KEYS);
        if (entries == null) {
            return null;
        }
        if (adam) {
            OptimizerSpec.Adam defaults = OptimizerSpec.Adam.KERAS_DEFAULT;
            Double rate = number(entries, "optimizer", "learning_rate", defaults.learningRate(), v -> Require.positiveFinite("learning_rate", v));
            Double beta1 = number(entries, "optimizer", "beta_1", defaults.beta1(), v -> Require.inRange("beta_1", v, 0, true, 1, false));
            Double beta2 = number(entries, "optimizer", "beta_2", defaults.beta2(), v -> Require.inRange("beta_2", v, 0, true, 1, false));
            Double epsilon = number(entries, "optimizer", "epsilon", defaults.epsilon(), v -> Require.positiveFinite("epsilon", v));
            if (rate == null || beta1 == null || beta2 == null || epsilon == null) {
                return null;
            }
            return attempt("optimizer", () -> new OptimizerSpec.Adam(rate, beta1, beta2, epsilon));
        }
        OptimizerSpec.Sgd defaults = OptimizerSpec.Sgd.KERAS_DEFAULT;
        Double rate = number(entries, "optimizer", "learning_rate", defaults.learningRate(), v -> Require.positiveFinite("learning_rate", v));
        Double momentum = number(entries, "optimizer", "momentum", defaults.momentum(), v -> Require.inRange("momentum", v, 0, true, 1, false));
        Boolean nesterov = entries.containsKey("nesterov") ? bool(entries.get("nesterov"), "optimizer.nesterov") : Boolean.FALSE;
        if (rate == null || momentum == null || nesterov == null) {
            return null;
        }
        return attempt("optimizer", () -> new OptimizerSpec.Sgd(rate, momentum, nesterov));
    }

    private TrainingSpec training(Node node) {
        Map<String, Node> entries = mapping(node, "training", "the training settings", TRAINING_KEYS);
        if (entries == null) {
            return null;
        }
        Integer epochs = integer(entries, "training", "epochs", TrainingSpec.DEFAULT_EPOCHS, v -> Require.atLeast("epochs", v, 1));
        Integer batchSize = integer(entries, "training", "batch_size", TrainingSpec.DEFAULT_BATCH_SIZE, v -> Require.atLeast("batch_size", v, 1));
        Integer threads = integer(entries, "training", "threads", 0, v -> Require.atLeast("threads", v, 0));
        Long seed = entries.containsKey("seed") ? longValue(entries.get("seed"), "training.seed") : Long.valueOf(TrainingSpec.DEFAULT_SEED);
        ValidationSpec validation = entries.containsKey("validation") ? validation(entries.get("validation")) : new ValidationSpec.NoValidation();
        EarlyStoppingSpec earlyStopping = entries.containsKey("early_stopping") ? earlyStopping(entries.get("early_stopping")) : null;
        if (epochs == null || batchSize == null || threads == null || seed == null || validation == null
                || (entries.containsKey("early_stopping") && earlyStopping == null)) {
            return null;
        }
        if (earlyStopping != null && earlyStopping.monitor().startsWith("val_") && validation instanceof ValidationSpec.NoValidation) {
            problem(entries.get("early_stopping"), "training.early_stopping: monitor " + earlyStopping.monitor()
                    + " needs validation; set training.validation to test or {split: F}, or monitor loss");
            return null;
        }
        return attempt("training", () -> new TrainingSpec(epochs, batchSize, validation, seed, threads, earlyStopping));
    }

    private EarlyStoppingSpec earlyStopping(Node node) {
        Map<String, Node> entries = mapping(node, "training.early_stopping", "{monitor: val_loss, patience: 3, min_delta: 0, restore_best: true}",
                EARLY_STOPPING_KEYS);
        if (entries == null) {
            return null;
        }
        String monitor = entries.containsKey("monitor")
                ? choiceName(entries.get("monitor"), "training.early_stopping.monitor", EarlyStoppingSpec.MONITORS) : "val_loss";
        Integer patience = integer(entries, "training.early_stopping", "patience", EarlyStoppingSpec.KERAS_PATIENCE,
                v -> Require.atLeast("patience", v, 0));
        Double minDelta = number(entries, "training.early_stopping", "min_delta", 0.0, v -> Require.inRange("min_delta", v, 0, true, Double.MAX_VALUE, true));
        Boolean restoreBest = entries.containsKey("restore_best") ? bool(entries.get("restore_best"), "training.early_stopping.restore_best") : Boolean.TRUE;
        if (monitor == null || patience == null || minDelta == null || restoreBest == null) {
            return null;
        }
        return attempt("training.early_stopping", () -> new EarlyStoppingSpec(monitor, patience, minDelta, restoreBest));
    }

    private ValidationSpec validation(Node node) {
        String expected = "test, none, or {split: FRACTION} with 0 < FRACTION < 1";
        if (node instanceof ScalarNode scalar) {
            if (scalar.getTag().equals(Tag.NULL)) {
                return new ValidationSpec.NoValidation();
            }
            String name = choiceName(node, "training.validation", List.of("test", "none"));
            if (name == null) {
                return null;
            }
            return name.equals("test") ? new ValidationSpec.TestSet() : new ValidationSpec.NoValidation();
        }
        Map<String, Node> entries = mapping(node, "training.validation", expected, List.of("split"));
        if (entries == null) {
            return null;
        }
        if (!entries.containsKey("split")) {
            problem(node, "training.validation: expected " + expected);
            return null;
        }
        Double fraction = number(entries, "training.validation", "split", 0.0, v -> Require.inRange("split", v, 0, false, 1, false));
        return fraction == null ? null : new ValidationSpec.Split(fraction);
    }

    // ---- reading nodes ------------------------------------------------------------------

    /**
     * The entries of a mapping, in order; reports a non-mapping, a non-text key, a
     * duplicate key and an unknown key (with the closest allowed one).
     */
    private Map<String, Node> mapping(Node node, String path, String expected, List<String> allowed) {
        return mapping(node, path, expected, allowed, List.of());
    }

    /** As above; keys in {@code reportedElsewhere} are skipped silently (their fault was reported with a better hint). */
    private Map<String, Node> mapping(Node node, String path, String expected, List<String> allowed, List<String> reportedElsewhere) {
        record(path, node);
        if (!(node instanceof MappingNode mappingNode)) {
            problem(node, (path.isEmpty() ? "" : path + ": ") + "expected " + (expected.startsWith("{") ? expected : "a mapping (" + expected + ")")
                    + ", found " + describe(node));
            return null;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Node> keyNodes = new LinkedHashMap<>();
        for (NodeTuple tuple : mappingNode.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problem(keyNode, (path.isEmpty() ? "" : path + ": ") + "keys must be plain words, found " + describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (keyNodes.containsKey(key)) {
                problem(keyNode, "duplicate key '" + keyPath + "' (first given on line " + (keyNodes.get(key).getStartMark().getLine() + 1) + ")");
                continue;
            }
            keyNodes.put(key, keyNode);
            if (reportedElsewhere.contains(key) && !allowed.contains(key)) {
                continue;
            }
            if (!allowed.contains(key)) {
                problem(keyNode, "unknown key '" + keyPath + "'" + Suggestions.didYouMean(key, allowed)
                        + "; allowed " + (path.isEmpty() ? "at the top" : "in " + path) + ": " + String.join(", ", allowed));
                continue;
            }
            entries.put(key, tuple.getValueNode());
            record(keyPath, tuple.getValueNode());
        }
        return entries;
    }

    private boolean required(Map<String, Node> entries, String key, Node parent, String expected) {
        if (entries.containsKey(key)) {
            return true;
        }
        problem(parent, "missing '" + key + "': expected " + expected);
        return false;
    }

    private String string(Node node, String path) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return scalar.getValue();
        }
        problem(node, path + ": expected text, found " + describe(node));
        return null;
    }

    private Boolean bool(Node node, String path) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Set.of("true", "yes", "on", "y").contains(scalar.getValue().toLowerCase(Locale.ROOT));
        }
        problem(node, path + ": expected true or false, found " + describe(node));
        return null;
    }

    private Integer integer(Node node, String path) {
        Long value = longValue(node, path);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            problem(node, path + ": " + value + " is too large; expected a whole number below " + Integer.MAX_VALUE);
            return null;
        }
        return value.intValue();
    }

    private Integer integer(Map<String, Node> entries, String section, String key, int defaultValue, java.util.function.IntConsumer rule) {
        if (!entries.containsKey(key)) {
            return defaultValue;
        }
        Node node = entries.get(key);
        Integer value = integer(node, section + "." + key);
        return value != null && check(node, section, () -> rule.accept(value)) ? value : null;
    }

    private Long longValue(Node node, String path) {
        Double number = plainNumber(node);
        if (number != null && number == Math.rint(number) && Math.abs(number) < 0x1p63) {
            String text = ((ScalarNode) node).getValue().replace("_", "");
            try {
                return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
            } catch (NumberFormatException e) {
                return number.longValue();
            }
        }
        problem(node, path + ": expected a whole number, found " + describe(node));
        return null;
    }

    private Double number(Map<String, Node> entries, String section, String key, double defaultValue, java.util.function.DoubleConsumer rule) {
        if (!entries.containsKey(key)) {
            return defaultValue;
        }
        Node node = entries.get(key);
        Double value = plainNumber(node);
        if (value == null) {
            problem(node, section + "." + key + ": expected a number, found " + describe(node));
            return null;
        }
        return check(node, section, () -> rule.accept(value)) ? value : null;
    }

    /** A number written without quotes; YAML 1.1 needs "1.0e-3", but we also take "1e-3" as people write it. */
    private static Double plainNumber(Node node) {
        if (!(node instanceof ScalarNode scalar) || scalar.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN) {
            return null;
        }
        if (!(scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT) || scalar.getTag().equals(Tag.STR))) {
            return null;
        }
        String text = scalar.getValue().replace("_", "").toLowerCase(Locale.ROOT);
        switch (text) {
            case ".inf", "+.inf" -> { return Double.POSITIVE_INFINITY; }
            case "-.inf" -> { return Double.NEGATIVE_INFINITY; }
            case ".nan" -> { return Double.NaN; }
            default -> { }
        }
        if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)(e[-+]?\\d+)?")) {
            return null;
        }
        return Double.parseDouble(text);
    }

    private <E> E choice(Node node, String path, E[] values, java.util.function.Function<E, String> nameOf) {
        List<String> names = java.util.Arrays.stream(values).map(nameOf).toList();
        String name = choiceName(node, path, names);
        return name == null ? null : values[names.indexOf(name)];
    }

    private String choiceName(Node node, String path, List<String> allowed) {
        record(path, node);
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
            problem(node, path + ": expected one of " + String.join(", ", allowed) + ", found " + describe(node));
            return null;
        }
        String value = scalar.getValue().toLowerCase(Locale.ROOT);
        if (allowed.contains(value)) {
            return value;
        }
        problem(node, path + ": unknown value '" + scalar.getValue() + "'" + Suggestions.didYouMean(scalar.getValue(), allowed)
                + "; allowed: " + String.join(", ", allowed));
        return null;
    }

    /** Runs a value rule; a broken rule becomes a problem at the value's position. */
    private boolean check(Node node, String section, Runnable rule) {
        try {
            rule.run();
            return true;
        } catch (InvalidValueException e) {
            problem(node, (section.isEmpty() ? "" : section + ".") + e.key() + ": " + e.rule());
            return false;
        }
    }

    /** Builds a record; a broken rule becomes a problem at the position of the key it names. */
    private <T> T attempt(String section, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidValueException e) {
            String keyPath = section.isEmpty() ? e.key() : section + "." + e.key();
            LoadedExperiment.Location at = positions.getOrDefault(keyPath,
                    positions.getOrDefault(section, new LoadedExperiment.Location(file, SourcePosition.START)));
            problems.add(new ConfigProblem(at.file(), at.position(), keyPath + ": " + e.rule()));
            return null;
        }
    }

    private void record(String path, Node node) {
        if (!path.isEmpty()) {
            ConfigProblem where = ConfigProblem.at(file, node.getStartMark(), "");
            positions.putIfAbsent(path, new LoadedExperiment.Location(where.file(), where.position()));
        }
    }

    private void problem(Node node, String message) {
        problems.add(ConfigProblem.at(file, node.getStartMark(), message));
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.getTag().equals(Tag.NULL)) {
            return "nothing (null)";
        }
        String value = scalar.getValue();
        return "'" + (value.length() > 60 ? value.substring(0, 57) + "..." : value) + "'";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unknown fault";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
