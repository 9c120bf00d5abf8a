package trainyard.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns an experiment file and command-line overrides into the trials to train.
 *
 * <p>Works on the YAML tree: overrides are put in first, then the `sweep` section is taken
 * out and each grid point or random draw is written into a copy of the tree, which the
 * loader then checks like a hand-written file. A value keeps the mark of where it was
 * written (its place in the sweep's list, the sweep key, or the command-line argument),
 * so a bad trial is reported there.
 */
public final class ExperimentPlanner {
    /** The keys a run_id leaves out (CanonicalForm.identity): they change no result. */
    static final List<String> OUTSIDE_IDENTITY = List.of("name", "description", "run_name", "training.threads");

    /** More trials than this is almost surely a mistake in the grid. */
    public static final int MAX_TRIALS = 10_000;
    private static final List<String> SWEEP_KEYS = List.of("parallel", "grid", "random", "halving", "launcher");
    private static final List<String> RANDOM_KEYS = List.of("trials", "seed", "space");
    private static final List<String> DISTRIBUTIONS = List.of("log_uniform", "uniform", "int_uniform", "choice");
    /** Random draws are rounded to this many significant digits: readable tables, stable run ids. */
    private static final int SIGNIFICANT_DIGITS = 4;

    private final Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private ExperimentPlanner(Path file) {
        this.file = file;
    }

    public static ExperimentPlan plan(Path file, List<ConfigOverride> overrides) throws ConfigException {
        return plan(ExperimentLoader.readText(file), file, overrides);
    }

    public static ExperimentPlan plan(String text, Path file, List<ConfigOverride> overrides) throws ConfigException {
        return new ExperimentPlanner(file).build(ExperimentLoader.compose(text, file), overrides);
    }

    /** An axis of the sweep: a key path and the values (as nodes, with their marks) to put there. */
    private record Axis(String path, List<Node> values, Mark keyMark) {
    }

    private ExperimentPlan build(Node root, List<ConfigOverride> overrides) throws ConfigException {
        List<Axis> commandLineAxes = new ArrayList<>();
        for (ConfigOverride override : overrides) {
            Mark mark = YamlTrees.commandLineMark(override.argumentNumber());
            List<Node> values = new ArrayList<>();
            for (String value : override.values()) {
                Node node = parseValue(value, mark);
                if (node != null) {
                    values.add(node);
                }
            }
            if (values.size() != override.values().size()) {
                continue;
            }
            if (override.sweep()) {
                commandLineAxes.add(new Axis(override.path(), values, mark));
            } else {
                report(mark, YamlTrees.set(root, override.path(), values.get(0), mark));
            }
        }
        Node sweepKey = YamlTrees.keyNode(root, "sweep");
        Node sweepNode = YamlTrees.remove(root, "sweep");
        if (sweepNode != null && YamlReader.isNull(sweepNode)) {
            sweepNode = null; // sweep=null on the command line: one run of the file's settings
        }
        List<Axis> grid = new ArrayList<>();
        int parallel = 0;
        Map<String, Node> space = new LinkedHashMap<>();
        int randomTrials = 0;
        long randomSeed = 0;
        HalvingNodes halving = null;
        LauncherSpec launcher = null;
        if (sweepNode != null) {
            Map<String, Node> sweep = entries(sweepNode, "sweep", SWEEP_KEYS);
            // A section set to null (sweep.random=null on the command line) is turned off; with
            // nothing left to sweep, the file is one run of its own settings.
            boolean turnedOff = sweep != null && sweep.values().removeIf(YamlReader::isNull);
            if (turnedOff && !sweep.containsKey("grid") && !sweep.containsKey("random") && commandLineAxes.isEmpty()) {
                sweep = null;
                sweepNode = null;
            }
            if (sweep != null) {
                if (sweep.containsKey("parallel")) {
                    parallel = parallel(sweep.get("parallel"));
                }
                if (sweep.containsKey("grid")) {
                    Map<String, Node> axes = entries(sweep.get("grid"), "sweep.grid", null);
                    if (axes != null) {
                        for (Map.Entry<String, Node> axis : axes.entrySet()) {
                            Node keyNode = keyOf(sweep.get("grid"), axis.getKey());
                            if (!(axis.getValue() instanceof SequenceNode list) || list.getValue().isEmpty()) {
                                report(axis.getValue().getStartMark(), "sweep.grid." + axis.getKey() + ": expected a non-empty list of values to try");
                                continue;
                            }
                            grid.add(new Axis(axis.getKey(), list.getValue(), keyNode.getStartMark()));
                        }
                    }
                }
                if (sweep.containsKey("random")) {
                    Map<String, Node> random = entries(sweep.get("random"), "sweep.random", RANDOM_KEYS);
                    if (random != null) {
                        randomTrials = random.containsKey("trials") ? wholeNumber(random.get("trials"), "sweep.random.trials", 1) : 0;
                        if (!random.containsKey("trials")) {
                            report(sweep.get("random").getStartMark(), "sweep.random: missing 'trials' (how many random configurations to draw)");
                        }
                        randomSeed = random.containsKey("seed") ? wholeNumber(random.get("seed"), "sweep.random.seed", Integer.MIN_VALUE) : 0;
                        Map<String, Node> distributions = random.containsKey("space") ? entries(random.get("space"), "sweep.random.space", null) : null;
                        if (distributions == null || distributions.isEmpty()) {
                            report(sweep.get("random").getStartMark(), "sweep.random: missing 'space', e.g. {optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}}");
                        } else {
                            space.putAll(distributions);
                        }
                    }
                }
                if (sweep.containsKey("halving")) {
                    halving = halving(sweep.get("halving"));
                }
                if (sweep.containsKey("launcher")) {
                    launcher = launcher(sweep.get("launcher"));
                }
                // A sweep section of settings only (sweep.parallel=1 beside -m axes) sweeps the command line's axes.
                if (!sweep.containsKey("grid") && !sweep.containsKey("random") && commandLineAxes.isEmpty()) {
                    report(sweepNode.getStartMark(), "sweep: expected 'grid' or 'random' (or both)");
                }
            }
        }
        // Command-line sweeps win, as Hydra's do: they replace the file's grid axis or random
        // distribution of the same key, or add an axis; a random search left with nothing to draw is dropped.
        for (Axis axis : commandLineAxes) {
            grid.removeIf(existing -> existing.path().equals(axis.path()));
            grid.add(axis);
            if (space.remove(axis.path()) != null && space.isEmpty()) {
                randomTrials = 0;
            }
        }
        // A key outside a run's identity makes no different runs: every trial would be one run_id, silently.
        for (Axis axis : grid) {
            if (OUTSIDE_IDENTITY.contains(axis.path()) && axis.values().size() > 1) {
                report(axis.keyMark(), "sweeping " + axis.path() + " makes no different runs: " + String.join(", ", OUTSIDE_IDENTITY)
                        + " do not change a run's result or its run_id; sweep a setting that does");
            }
        }
        if (halving != null) {
            // Every rung sets how far a trial trains, so its spec holds the last rung's epochs:
            // one run_id, one folder and one checkpoint for the trial across its rungs.
            for (Axis axis : grid) {
                if (axis.path().equals("training.epochs")) {
                    report(axis.keyMark(), "training.epochs cannot be swept with sweep.halving: each rung sets how many epochs a trial trains");
                }
            }
            if (space.containsKey("training.epochs")) {
                report(space.get("training.epochs").getStartMark(),
                        "training.epochs cannot be swept with sweep.halving: each rung sets how many epochs a trial trains");
            }
            Mark mark = halving.node().getStartMark();
            report(mark, YamlTrees.set(root, "training.epochs",
                    new ScalarNode(Tag.INT, Integer.toString(halving.maxEpochs()), mark, mark, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN), mark));
        }
        throwIfAny();

        Map<String, Object> plainGrid = new LinkedHashMap<>();
        // Checked arithmetic: 16 axes of 16 values make 2^64 trials, which a long wraps to 0.
        long combinations = 1;
        boolean overflow = false;
        for (Axis axis : grid) {
            plainGrid.put(axis.path(), axis.values().stream().map(YamlTrees::plain).toList());
            combinations = overflow ? combinations : multiplyOrOverflow(combinations, axis.values().size());
            overflow |= combinations < 0;
        }
        long total = overflow ? -1 : multiplyOrOverflow(combinations, Math.max(1, randomTrials));
        if (total < 0 || total > MAX_TRIALS) {
            report(sweepKey == null ? null : sweepKey.getStartMark(), "the sweep makes " + (total < 0 ? "more than " + Long.MAX_VALUE : total)
                    + " trials, more than the " + MAX_TRIALS + " allowed; narrow the grid");
            throwIfAny();
        }
        List<List<Axis>> draws = randomDraws(space, randomTrials, randomSeed);
        throwIfAny();
        boolean sweeping = sweepNode != null || !commandLineAxes.isEmpty();

        List<Trial> trials = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (long index = 0; index < combinations; index++) {
            List<Axis> chosen = new ArrayList<>();
            long rest = index;
            for (int a = grid.size() - 1; a >= 0; a--) {
                Axis axis = grid.get(a);
                int pick = (int) (rest % axis.values().size());
                rest /= axis.values().size();
                chosen.add(0, new Axis(axis.path(), List.of(axis.values().get(pick)), axis.keyMark()));
            }
            for (List<Axis> draw : draws) {
                List<Axis> all = new ArrayList<>(chosen);
                all.addAll(draw);
                Trial trial = trial(root, all);
                if (trial != null) {
                    trials.add(trial);
                }
            }
        }
        if (!problems.isEmpty()) {
            List<ConfigProblem> unique = new ArrayList<>();
            for (ConfigProblem problem : problems) {
                if (seen.add(problem.toString())) {
                    unique.add(problem);
                }
            }
            unique.sort(java.util.Comparator.comparing((ConfigProblem p) -> p.file().equals(ConfigProblem.COMMAND_LINE))
                    .thenComparingInt(p -> p.position().line()).thenComparingInt(p -> p.position().column()));
            throw new ConfigException(unique);
        }
        SweepSpec.Halving halvingSpec = halving == null ? null : halvingSpec(halving, trials);
        throwIfAny();
        SweepSpec sweep = sweeping ? new SweepSpec(parallel, castGrid(plainGrid), randomTrials == 0 ? null
                : new SweepSpec.RandomSearch(randomTrials, randomSeed, plainSpace(space)), halvingSpec, launcher) : null;
        List<String> commandLineSweep = overrides.stream().filter(ConfigOverride::sweep)
                .map(override -> override.path() + "=" + String.join(",", override.values())).toList();
        return new ExperimentPlan(file, trials.get(0).spec().name(), sweep, trials, commandLineSweep);
    }

    /** sweep.launcher: exactly one of {slurm: {...}} or {k8s: {...}}, each key optional. */
    private LauncherSpec launcher(Node node) {
        Map<String, Node> kinds = entries(node, "sweep.launcher", LauncherSpec.NAMES);
        if (kinds == null || kinds.size() != 1) {
            if (kinds != null) {
                report(node.getStartMark(), "sweep.launcher: expected exactly one of slurm, k8s, e.g. {slurm: {partition: debug, cpus_per_task: 2}}");
            }
            return null;
        }
        String kind = kinds.keySet().iterator().next();
        Node settings = kinds.get(kind);
        Map<String, Node> keys = YamlReader.isNull(settings) ? Map.of()
                : entries(settings, "sweep.launcher." + kind, kind.equals("slurm") ? LauncherSpec.Slurm.KEYS : LauncherSpec.Kubernetes.KEYS);
        if (keys == null) {
            return null;
        }
        String where = "sweep.launcher." + kind + ".";
        if (kind.equals("slurm")) {
            LauncherSpec.Slurm d = LauncherSpec.Slurm.DEFAULTS;
            List<String> extra = new ArrayList<>();
            if (keys.get("extra") instanceof SequenceNode list) {
                for (Node item : list.getValue()) {
                    String option = text(item, where + "extra", null);
                    if (option != null) {
                        extra.add(option);
                    }
                }
            } else if (keys.containsKey("extra") && !YamlReader.isNull(keys.get("extra"))) {
                report(keys.get("extra").getStartMark(), where + "extra: expected a list of sbatch options, e.g. [--qos=short]");
            }
            return new LauncherSpec.Slurm(text(keys.get("partition"), where + "partition", d.partition()), text(keys.get("time"), where + "time", d.time()),
                    keys.containsKey("cpus_per_task") ? wholeNumber(keys.get("cpus_per_task"), where + "cpus_per_task", 1) : d.cpusPerTask(),
                    text(keys.get("mem"), where + "mem", d.mem()),
                    keys.containsKey("array_parallel") ? wholeNumber(keys.get("array_parallel"), where + "array_parallel", 0) : d.arrayParallel(),
                    text(keys.get("account"), where + "account", d.account()), extra);
        }
        LauncherSpec.Kubernetes d = LauncherSpec.Kubernetes.DEFAULTS;
        return new LauncherSpec.Kubernetes(text(keys.get("image"), where + "image", d.image()),
                text(keys.get("volume_claim"), where + "volume_claim", d.volumeClaim()),
                keys.containsKey("parallelism") ? wholeNumber(keys.get("parallelism"), where + "parallelism", 1) : d.parallelism(),
                keys.containsKey("cpus") ? wholeNumber(keys.get("cpus"), where + "cpus", 1) : d.cpus(),
                text(keys.get("memory"), where + "memory", d.memory()));
    }

    /** A plain word or number as text; the default when absent or null; reported when a list or mapping. */
    private String text(Node node, String path, String fallback) {
        if (node == null || YamlReader.isNull(node)) {
            return fallback;
        }
        if (node instanceof ScalarNode scalar && !scalar.getValue().isBlank() && scalar.getValue().chars().noneMatch(Character::isISOControl)) {
            return scalar.getValue();
        }
        report(node.getStartMark(), path + ": expected a word or number, found " + describe(node));
        return fallback;
    }

    /** sweep.halving as read, with the nodes its later checks point at. */
    private record HalvingNodes(Node node, int minEpochs, int maxEpochs, int reductionFactor, String metric, Node metricNode,
                                int brackets, Node bracketsNode) {
    }

    private HalvingNodes halving(Node node) {
        Map<String, Node> keys = entries(node, "sweep.halving", SweepSpec.Halving.KEYS);
        if (keys == null) {
            return null;
        }
        for (String required : List.of("min_epochs", "max_epochs")) {
            if (!keys.containsKey(required)) {
                report(node.getStartMark(), "sweep.halving: missing '" + required + "' (the "
                        + (required.equals("min_epochs") ? "first" : "last") + " rung's epochs), e.g. {min_epochs: 1, max_epochs: 27}");
            }
        }
        int min = keys.containsKey("min_epochs") ? wholeNumber(keys.get("min_epochs"), "sweep.halving.min_epochs", 1) : 1;
        int max = keys.containsKey("max_epochs") ? wholeNumber(keys.get("max_epochs"), "sweep.halving.max_epochs", 1) : min;
        if (keys.containsKey("max_epochs") && max < min) {
            report(keys.get("max_epochs").getStartMark(), "sweep.halving.max_epochs: expected at least min_epochs (" + min + "), found " + max);
        }
        int eta = keys.containsKey("reduction_factor") ? wholeNumber(keys.get("reduction_factor"), "sweep.halving.reduction_factor", 2)
                : SweepSpec.Halving.DEFAULT_REDUCTION_FACTOR;
        String metric = null;
        Node metricNode = keys.get("metric");
        if (metricNode != null) {
            if (metricNode instanceof ScalarNode scalar && SweepSpec.Halving.METRICS.contains(scalar.getValue())) {
                metric = scalar.getValue();
            } else {
                String found = describe(metricNode);
                report(metricNode.getStartMark(), "sweep.halving.metric: expected one of " + String.join(", ", SweepSpec.Halving.METRICS)
                        + ", found " + found + (metricNode instanceof ScalarNode scalar
                        ? Suggestions.didYouMean(scalar.getValue(), SweepSpec.Halving.METRICS) : ""));
            }
        }
        int brackets = keys.containsKey("brackets") ? wholeNumber(keys.get("brackets"), "sweep.halving.brackets", 1) : 1;
        return new HalvingNodes(node, min, max, eta, metric, metricNode, brackets, keys.get("brackets"));
    }

    /**
     * The halving spec once the trials are known: the metric (val_accuracy by default when
     * every trial validates, else accuracy) must be measured by every trial, and Hyperband's
     * brackets need their exact number of trials.
     */
    private SweepSpec.Halving halvingSpec(HalvingNodes halving, List<Trial> trials) {
        boolean allValidate = trials.stream().allMatch(t -> !(t.spec().training().validation() instanceof ValidationSpec.NoValidation));
        String metric = halving.metric() != null ? halving.metric() : allValidate ? "val_accuracy" : "accuracy";
        if (metric.startsWith("val_") && !allValidate) {
            report(halving.metricNode().getStartMark(), "sweep.halving.metric: " + metric
                    + " needs validation in every trial; set training.validation (e.g. {split: 0.1}) or rank by accuracy or loss");
        }
        int most = HalvingSchedule.maxBracketIndex(halving.minEpochs(), halving.maxEpochs(), halving.reductionFactor()) + 1;
        if (halving.brackets() > most) {
            report(halving.bracketsNode().getStartMark(), "sweep.halving.brackets: from " + halving.minEpochs() + " to " + halving.maxEpochs()
                    + " epochs with reduction_factor " + halving.reductionFactor() + " there are at most " + most + ", found " + halving.brackets());
        } else if (halving.brackets() > 1) {
            int needed = HalvingSchedule.trialsNeeded(halving.minEpochs(), halving.maxEpochs(), halving.reductionFactor(),
                    halving.brackets());
            if (needed != trials.size()) {
                report(halving.bracketsNode().getStartMark(), "sweep.halving.brackets: " + halving.brackets() + " Hyperband brackets from "
                        + halving.minEpochs() + " to " + halving.maxEpochs() + " epochs need " + needed + " trials; the sweep makes "
                        + trials.size() + " (set sweep.random.trials to " + needed + ")");
            }
        }
        return new SweepSpec.Halving(halving.minEpochs(), halving.maxEpochs(), halving.reductionFactor(), metric, halving.brackets());
    }

    /** A copy of the tree with the chosen values in place, checked by the loader. */
    private Trial trial(Node root, List<Axis> chosen) {
        Node tree = YamlTrees.copy(root);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Axis axis : chosen) {
            String fault = YamlTrees.set(tree, axis.path(), YamlTrees.copy(axis.values().get(0)), axis.keyMark());
            if (fault != null) {
                report(axis.keyMark(), fault);
                return null;
            }
            values.put(axis.path(), YamlTrees.plain(axis.values().get(0)));
        }
        try {
            return new Trial(ExperimentLoader.fromTree(tree, file), values);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private List<List<Axis>> randomDraws(Map<String, Node> space, int trials, long seed) {
        if (trials == 0) {
            return List.of(List.of());
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Axis>> draws = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            List<Axis> draw = new ArrayList<>();
            for (Map.Entry<String, Node> entry : space.entrySet()) {
                Node value = sample(entry.getKey(), entry.getValue(), random);
                if (value == null) {
                    return List.of(); // the fault is reported; one report is enough
                }
                draw.add(new Axis(entry.getKey(), List.of(value), entry.getValue().getStartMark()));
            }
            draws.add(draw);
        }
        return draws;
    }

    /** One draw from {kind: [arguments]}, as a node carrying the distribution's mark. */
    private Node sample(String path, Node distribution, SplittableRandom random) {
        String where = "sweep.random.space." + path;
        Map<String, Node> kinds = entries(distribution, where, DISTRIBUTIONS);
        if (kinds == null || kinds.size() != 1) {
            if (kinds != null) {
                report(distribution.getStartMark(), where + ": expected exactly one of " + String.join(", ", DISTRIBUTIONS)
                        + ", e.g. {log_uniform: [1.0e-4, 1.0e-1]}");
            }
            return null;
        }
        String kind = kinds.keySet().iterator().next();
        Node arguments = kinds.get(kind);
        Mark mark = arguments.getStartMark();
        if (!(arguments instanceof SequenceNode list) || list.getValue().isEmpty()) {
            report(mark, where + "." + kind + ": expected a list");
            return null;
        }
        if (kind.equals("choice")) {
            return list.getValue().get(random.nextInt(list.getValue().size()));
        }
        if (list.getValue().size() != 2) {
            report(mark, where + "." + kind + ": expected [low, high], found " + list.getValue().size() + " values");
            return null;
        }
        Double low = number(list.getValue().get(0));
        Double high = number(list.getValue().get(1));
        if (low == null || high == null || !(low <= high) || (kind.equals("log_uniform") && low <= 0)) {
            report(mark, where + "." + kind + ": expected two numbers low <= high" + (kind.equals("log_uniform") ? ", both > 0" : ""));
            return null;
        }
        return switch (kind) {
            case "int_uniform" -> {
                if (low != Math.rint(low) || high != Math.rint(high)) {
                    report(mark, where + ".int_uniform: expected two whole numbers");
                    yield null;
                }
                yield new ScalarNode(Tag.INT, Long.toString(random.nextLong(low.longValue(), high.longValue() + 1)), mark, mark,
                        org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
            }
            case "log_uniform" -> decimal(Math.exp(low.equals(high) ? Math.log(low) : random.nextDouble(Math.log(low), Math.log(high))), mark);
            default -> decimal(low.equals(high) ? low : random.nextDouble(low, high), mark);
        };
    }

    private static Node decimal(double value, Mark mark) {
        String text = new java.math.BigDecimal(value).round(new java.math.MathContext(SIGNIFICANT_DIGITS)).stripTrailingZeros().toString();
        if (!text.contains(".") && !text.contains("E")) {
            text = text + ".0";
        }
        return new ScalarNode(Tag.FLOAT, text.toLowerCase(Locale.ROOT).replace("e", ".0e").replaceAll("\\.(\\d+)\\.0e", ".$1e"), mark, mark,
                org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
    }

    private static Double number(Node node) {
        if (node instanceof ScalarNode scalar) {
            try {
                return Double.parseDouble(scalar.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private Node parseValue(String text, Mark mark) {
        try {
            Node node = YamlTrees.safeYaml().compose(new java.io.StringReader(text));
            if (node == null) {
                report(mark, "the value '" + text + "' is empty");
                return null;
            }
            return YamlTrees.relocated(node, mark);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            report(mark, "the value '" + text + "' is not valid YAML");
            return null;
        }
    }

    private int parallel(Node node) {
        if (node instanceof ScalarNode scalar && scalar.getValue().equalsIgnoreCase("auto")) {
            return 0;
        }
        return wholeNumber(node, "sweep.parallel", 1);
    }

    private int wholeNumber(Node node, String path, int minimum) {
        Double value = number(node);
        if (value == null || value != Math.rint(value) || value < minimum || value > Integer.MAX_VALUE) {
            report(node.getStartMark(), path + ": expected a whole number" + (minimum > 0 ? " >= " + minimum : "")
                    + (path.equals("sweep.parallel") ? " or auto" : "") + ", found " + describe(node));
            return minimum;
        }
        return value.intValue();
    }

    /** A mapping's entries by key; allowed null means any key. */
    private Map<String, Node> entries(Node node, String path, List<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            report(node.getStartMark(), path + ": expected a mapping, found " + describe(node));
            return null;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                report(tuple.getKeyNode().getStartMark(), path + ": keys must be plain words");
                continue;
            }
            if (entries.containsKey(key.getValue())) {
                report(key.getStartMark(), "duplicate key '" + path + "." + key.getValue() + "'");
                continue;
            }
            if (allowed != null && !allowed.contains(key.getValue())) {
                report(key.getStartMark(), "unknown key '" + path + "." + key.getValue() + "'" + Suggestions.didYouMean(key.getValue(), allowed)
                        + "; allowed in " + path + ": " + String.join(", ", allowed));
                continue;
            }
            entries.put(key.getValue(), tuple.getValueNode());
        }
        return entries;
    }

    private static Node keyOf(Node mapping, String key) {
        for (NodeTuple tuple : ((MappingNode) mapping).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return scalar;
            }
        }
        throw new IllegalStateException(key);
    }

    private static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return "'" + scalar.getValue() + "'";
        }
        return node instanceof MappingNode ? "a mapping" : "a list";
    }

    /** Records a fault once: the same fault at the same place (five empty values in one list, say) is one line. */
    private void report(Mark mark, String fault) {
        if (fault != null) {
            ConfigProblem problem = ConfigProblem.at(file, mark, fault);
            if (problems.stream().noneMatch(known -> known.toString().equals(problem.toString()))) {
                problems.add(problem);
            }
        }
    }

    private void throwIfAny() throws ConfigException {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    @SuppressWarnings("unchecked")
    /** a · b, or -1 where it would not fit a long. */
    private static long multiplyOrOverflow(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static Map<String, List<Object>> castGrid(Map<String, Object> grid) {
        Map<String, List<Object>> typed = new LinkedHashMap<>();
        grid.forEach((key, value) -> typed.put(key, (List<Object>) value));
        return typed;
    }

    private static Map<String, Object> plainSpace(Map<String, Node> space) {
        Map<String, Object> plain = new LinkedHashMap<>();
        space.forEach((key, value) -> plain.put(key, YamlTrees.plain(value)));
        return plain;
    }
}
