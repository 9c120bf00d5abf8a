package trainyard.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns an experiment file and command-line overrides into the trials to train.
 *
 * <p>Works on the YAML tree: overrides are put in first, then the `sweep` section is taken
 * out and read ({@link SweepSection}, each part reading and checking itself), and each grid
 * point or random draw is written into a copy of the tree, which the loader then checks
 * like a hand-written file. A value keeps the mark of where it was written (its place in
 * the sweep's list, the sweep key, or the command-line argument), so a bad trial is
 * reported there.
 */
public final class ExperimentPlanner {
    /** The keys a run_id leaves out (CanonicalForm.identity): they change no result. */
    static final List<String> OUTSIDE_IDENTITY = List.of("name", "description", "run_name", "training.threads");

    /** More trials than this is almost surely a mistake in the grid. */
    public static final int MAX_TRIALS = 10_000;

    private final Path file;
    private final YamlReader in;

    private ExperimentPlanner(Path file) {
        this.file = file;
        this.in = new YamlReader(file);
    }

    public static ExperimentPlan plan(Path file, List<ConfigOverride> overrides) throws ConfigException {
        return plan(ExperimentLoader.readText(file), file, overrides);
    }

    public static ExperimentPlan plan(String text, Path file, List<ConfigOverride> overrides) throws ConfigException {
        return new ExperimentPlanner(file).build(ExperimentLoader.compose(text, file), overrides);
    }

    private ExperimentPlan build(Node root, List<ConfigOverride> overrides) throws ConfigException {
        List<SweepAxis> commandLine = applyOverrides(root, overrides);
        Node sweepKey = YamlTrees.keyNode(root, "sweep");
        SweepSection sweep = SweepSection.read(in, YamlTrees.remove(root, "sweep"), !commandLine.isEmpty());
        GridSection grid = sweep == null ? GridSection.EMPTY : sweep.grid();
        RandomSection random = sweep == null ? null : sweep.random();
        // Command-line sweeps win, as Hydra's do: they replace the file's grid axis or random
        // distribution of the same key, or add an axis; a random search left with nothing to draw is dropped.
        for (SweepAxis axis : commandLine) {
            grid = grid.with(axis);
            if (random != null && random.space().contains(axis.path())) {
                random = random.without(axis.path());
            }
        }
        TpeSection tpe = sweep == null ? null : sweep.tpe();
        checkIdentity(grid, random != null ? random.space() : tpe != null ? tpe.space() : null);
        if (tpe != null && !commandLine.isEmpty()) {
            report(commandLine.get(0).keyMark(), "a command-line sweep (-m) cannot be combined with sweep.tpe, which learns over its own space; "
                    + "put the key in sweep.tpe.space, or add sweep.tpe=null to sweep the command line alone");
        }
        HalvingSection halving = sweep == null ? null : sweep.halving();
        if (halving != null) {
            setEpochsForHalving(root, grid, random != null ? random.space() : tpe != null ? tpe.space() : null, halving);
        }
        if (tpe != null) {
            return planTpe(root, sweep, tpe);
        }
        throwIfAny();
        int draws = random == null ? 1 : random.trials();
        long points = grid.points();
        long total = points < 0 ? -1 : multiplyOrOverflow(points, draws);
        if (total < 0 || total > MAX_TRIALS) {
            in.problem(ConfigProblem.at(file, sweepKey == null ? null : sweepKey.getStartMark(), "the sweep makes "
                    + (total < 0 ? "more than " + Long.MAX_VALUE : total) + " trials, more than the " + MAX_TRIALS + " allowed; narrow the grid"));
            throwIfAny();
        }
        List<Trial> trials = expand(root, grid, points, random == null ? List.of(List.of()) : random.draws());
        throwIfAny();
        SweepSpec.Halving halvingSpec = halving == null ? null : halving.spec(in, trials);
        throwIfAny();
        SweepSpec spec = sweep == null ? null : new SweepSpec(sweep.parallel(), grid.canonical(),
                random == null ? null : random.canonical(), halvingSpec, sweep.launcher());
        List<String> commandLineSweep = overrides.stream().filter(ConfigOverride::sweep)
                .map(override -> override.path() + "=" + String.join(",", override.values())).toList();
        return new ExperimentPlan(file, trials.get(0).spec().name(), spec, trials, commandLineSweep);
    }

    /** Puts each key=value into the tree; returns the -m sweeps' axes. */
    private List<SweepAxis> applyOverrides(Node root, List<ConfigOverride> overrides) {
        List<SweepAxis> axes = new ArrayList<>();
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
                axes.add(new SweepAxis(override.path(), values, mark));
            } else {
                report(mark, YamlTrees.set(root, override.path(), values.get(0), mark));
            }
        }
        return axes;
    }

    /** A key outside a run's identity makes no different runs: every trial would be one run_id, silently. */
    private void checkIdentity(GridSection grid, SearchSpace space) {
        String fault = " makes no different runs: " + String.join(", ", OUTSIDE_IDENTITY)
                + " do not change a run's result or its run_id; sweep a setting that does";
        for (SweepAxis axis : grid.axes()) {
            if (OUTSIDE_IDENTITY.contains(axis.path()) && axis.values().size() > 1) {
                report(axis.keyMark(), "sweeping " + axis.path() + fault);
            }
        }
        if (space != null) {
            space.distributions().forEach((path, distribution) -> {
                if (OUTSIDE_IDENTITY.contains(path)) {
                    report(distribution.node().getStartMark(), "searching " + path + fault);
                }
            });
        }
    }

    /**
     * Every rung sets how far a trial trains, so its spec holds the last rung's epochs: one
     * run_id, one folder and one checkpoint for the trial across its rungs.
     */
    private void setEpochsForHalving(Node root, GridSection grid, SearchSpace space, HalvingSection halving) {
        String fault = "training.epochs cannot be swept with sweep.halving: each rung sets how many epochs a trial trains";
        for (SweepAxis axis : grid.axes()) {
            if (axis.path().equals("training.epochs")) {
                report(axis.keyMark(), fault);
            }
        }
        if (space != null && space.contains("training.epochs")) {
            report(space.distributions().get("training.epochs").node().getStartMark(), fault);
        }
        Mark mark = halving.node().getStartMark();
        report(mark, YamlTrees.set(root, "training.epochs",
                new ScalarNode(Tag.INT, Integer.toString(halving.maxEpochs()), mark, mark, org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN), mark));
    }

    /**
     * sweep.tpe: its random starts as the plan's trials, every value at each end of the space
     * checked as a trial would be (a proposal is made while the sweep runs, and must not fail
     * then), and a proposer that makes the later trials from the same tree.
     */
    private ExperimentPlan planTpe(Node root, SweepSection sweep, TpeSection tpe) throws ConfigException {
        long distinct = tpe.distinctPoints();
        if (distinct >= 0 && distinct < tpe.trials()) {
            in.problem(tpe.node(), "sweep.tpe: its space holds " + distinct + " different configurations, fewer than its " + tpe.trials()
                    + " trials; a grid trains each of them once");
        }
        throwIfAny();
        List<Trial> starts = expand(root, GridSection.EMPTY, 1, tpe.space().distinctDraws(tpe.seed(), tpe.startupTrials(), MAX_TRIALS * 100));
        for (List<SweepAxis> corner : corners(tpe.space())) {
            trial(root, corner);
        }
        throwIfAny();
        SweepSpec.Tpe search = tpe.spec(in, starts, sweep.parallel());
        SweepSpec.Halving halving = sweep.halving() == null ? null : sweep.halving().spec(in, starts, tpe.trials());
        throwIfAny();
        Node tree = YamlTrees.copy(root);
        ExperimentPlan.Proposer proposer = point -> {
            ExperimentPlanner planner = new ExperimentPlanner(file);
            Trial trial = planner.trial(tree, tpe.space().axes(point));
            planner.throwIfAny();
            return trial;
        };
        SweepSpec spec = new SweepSpec(sweep.parallel(), Map.of(), null, halving, sweep.launcher(), search);
        return new ExperimentPlan(file, starts.get(0).spec().name(), spec, starts, List.of(), proposer);
    }

    /** Points of the space that together hold every choice and both ends of every range. */
    private static List<List<SweepAxis>> corners(SearchSpace space) {
        List<SearchDimension> dimensions = space.dimensions();
        int most = 2;
        for (SearchDimension dimension : dimensions) {
            most = Math.max(most, dimension.choices().size());
        }
        List<List<SweepAxis>> corners = new ArrayList<>();
        for (int c = 0; c < most; c++) {
            double[] point = new double[dimensions.size()];
            for (int d = 0; d < point.length; d++) {
                SearchDimension dimension = dimensions.get(d);
                point[d] = dimension.isChoice() ? Math.min(c, dimension.choices().size() - 1) : c % 2 == 0 ? dimension.low() : dimension.high();
            }
            corners.add(space.axes(point));
        }
        return corners;
    }

    /** Every grid point with every draw, each a checked trial. */
    private List<Trial> expand(Node root, GridSection grid, long points, List<List<SweepAxis>> draws) {
        List<Trial> trials = new ArrayList<>();
        for (long index = 0; index < points; index++) {
            List<SweepAxis> chosen = grid.point(index);
            for (List<SweepAxis> draw : draws) {
                List<SweepAxis> all = new ArrayList<>(chosen);
                all.addAll(draw);
                Trial trial = trial(root, all);
                if (trial != null) {
                    trials.add(trial);
                }
            }
        }
        return trials;
    }

    /** A copy of the tree with the chosen values in place, checked by the loader. */
    private Trial trial(Node root, List<SweepAxis> chosen) {
        Node tree = YamlTrees.copy(root);
        Map<String, Object> values = new LinkedHashMap<>();
        for (SweepAxis axis : chosen) {
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
            e.problems().forEach(in::problem);
            return null;
        }
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

    private void report(Mark mark, String fault) {
        if (fault != null) {
            in.problem(ConfigProblem.at(file, mark, fault));
        }
    }

    /**
     * Throws every problem so far, once each (five empty values in one list are one line),
     * in file order, the command line's last.
     */
    private void throwIfAny() throws ConfigException {
        if (!in.hasProblems()) {
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ConfigProblem> unique = new ArrayList<>();
        for (ConfigProblem problem : in.problems()) {
            if (seen.add(problem.toString())) {
                unique.add(problem);
            }
        }
        unique.sort(Comparator.comparing((ConfigProblem p) -> p.file().equals(ConfigProblem.COMMAND_LINE))
                .thenComparingInt(p -> p.position().line()).thenComparingInt(p -> p.position().column()));
        throw new ConfigException(unique);
    }

    /** a · b, or -1 where it would not fit a long. */
    private static long multiplyOrOverflow(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}
