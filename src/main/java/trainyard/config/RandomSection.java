package trainyard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * sweep.random: {@code trials} draws from a space of distributions, reproducible from its
 * seed; with a grid, every grid point gets the same draws.
 *
 * @param space dotted key path → its distribution, in file order (the order of the draws)
 */
record RandomSection(int trials, long seed, Map<String, Distribution> space) {
    static final List<String> KEYS = List.of("trials", "seed", "space");
    static final List<String> DISTRIBUTIONS = List.of("log_uniform", "uniform", "int_uniform", "choice");
    /** Draws are rounded to this many significant digits: readable tables, stable run ids. */
    private static final int SIGNIFICANT_DIGITS = 4;

    RandomSection {
        space = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(space));
    }

    /**
     * One distribution: {log_uniform: [low, high]}, {uniform: [low, high]}, {int_uniform:
     * [low, high]} (both ends included) or {choice: [values]}, as written ({@code node}), and
     * its list, whose place a drawn number keeps.
     */
    record Distribution(String kind, List<Node> choices, double low, double high, Node node, Node arguments) {
        Node sample(SplittableRandom random) {
            Mark mark = arguments.getStartMark();
            return switch (kind) {
                case "choice" -> choices.get(random.nextInt(choices.size()));
                case "int_uniform" -> new ScalarNode(Tag.INT, Long.toString(random.nextLong((long) low, (long) high + 1)), mark, mark,
                        org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
                case "log_uniform" -> decimal(Math.exp(low == high ? Math.log(low) : random.nextDouble(Math.log(low), Math.log(high))), mark);
                default -> decimal(low == high ? low : random.nextDouble(low, high), mark);
            };
        }
    }

    /** The section, or null when it is not usable (each fault reported). */
    static RandomSection read(YamlReader in, Node node) {
        Map<String, Node> entries = in.mapping(node, "sweep.random", "{trials: N, seed: S, space: {...}}", KEYS);
        if (entries == null) {
            return null;
        }
        Integer trials = null;
        if (entries.containsKey("trials")) {
            trials = in.wholeNumber(entries.get("trials"), "sweep.random.trials", 1);
        } else {
            in.problem(node, "sweep.random: missing 'trials' (how many random configurations to draw)");
        }
        Long seed = entries.containsKey("seed") ? in.longValue(entries.get("seed"), "sweep.random.seed") : Long.valueOf(0);
        Map<String, Node> written = entries.containsKey("space")
                ? in.mapping(entries.get("space"), "sweep.random.space", "{key.path: {log_uniform: [low, high]}, ...}", null) : null;
        if (written == null || written.isEmpty()) {
            in.problem(node, "sweep.random: missing 'space', e.g. {optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}}");
            return null;
        }
        Map<String, Distribution> space = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : written.entrySet()) {
            Distribution distribution = distribution(in, "sweep.random.space." + entry.getKey(), entry.getValue());
            if (distribution != null) {
                space.put(entry.getKey(), distribution);
            }
        }
        return trials == null || seed == null || space.size() != written.size() ? null : new RandomSection(trials, seed, space);
    }

    private static Distribution distribution(YamlReader in, String where, Node node) {
        Map<String, Node> kinds = in.mapping(node, where, "{log_uniform: [low, high]}", DISTRIBUTIONS);
        if (kinds == null || kinds.size() != 1) {
            if (kinds != null) {
                in.problem(node, where + ": expected exactly one of " + String.join(", ", DISTRIBUTIONS) + ", e.g. {log_uniform: [1.0e-4, 1.0e-1]}");
            }
            return null;
        }
        String kind = kinds.keySet().iterator().next();
        Node arguments = kinds.get(kind);
        if (!(arguments instanceof SequenceNode list) || list.getValue().isEmpty()) {
            in.problem(arguments, where + "." + kind + ": expected a list");
            return null;
        }
        if (kind.equals("choice")) {
            return new Distribution(kind, list.getValue(), 0, 0, node, arguments);
        }
        if (list.getValue().size() != 2) {
            in.problem(arguments, where + "." + kind + ": expected [low, high], found " + list.getValue().size() + " values");
            return null;
        }
        Double low = YamlReader.plainNumber(list.getValue().get(0));
        Double high = YamlReader.plainNumber(list.getValue().get(1));
        if (low == null || high == null || !(low <= high) || (kind.equals("log_uniform") && low <= 0)) {
            in.problem(arguments, where + "." + kind + ": expected two numbers low <= high" + (kind.equals("log_uniform") ? ", both > 0" : ""));
            return null;
        }
        if (kind.equals("int_uniform") && (low != Math.rint(low) || high != Math.rint(high))) {
            in.problem(arguments, where + ".int_uniform: expected two whole numbers");
            return null;
        }
        return new Distribution(kind, List.of(), low, high, node, arguments);
    }

    /** Without this key's distribution (the command line sweeps it); null when none is left to draw. */
    RandomSection without(String path) {
        Map<String, Distribution> rest = new LinkedHashMap<>(space);
        rest.remove(path);
        return rest.isEmpty() ? null : new RandomSection(trials, seed, rest);
    }

    /** The draws, each a list of axes of one value, in the order of the space's keys. */
    List<List<SweepAxis>> draws() {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<SweepAxis>> draws = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            List<SweepAxis> draw = new ArrayList<>();
            space.forEach((path, distribution) -> draw.add(new SweepAxis(path, List.of(distribution.sample(random)),
                    distribution.node().getStartMark())));
            draws.add(draw);
        }
        return draws;
    }

    /** As sweep.json writes it. */
    SweepSpec.RandomSearch canonical() {
        Map<String, Object> plain = new LinkedHashMap<>();
        space.forEach((path, distribution) -> plain.put(path, YamlTrees.plain(distribution.node())));
        return new SweepSpec.RandomSearch(trials, seed, plain);
    }

    private static Node decimal(double value, Mark mark) {
        String text = new java.math.BigDecimal(value).round(new java.math.MathContext(SIGNIFICANT_DIGITS)).stripTrailingZeros().toString();
        if (!text.contains(".") && !text.contains("E")) {
            text = text + ".0";
        }
        return new ScalarNode(Tag.FLOAT, text.toLowerCase(Locale.ROOT).replace("e", ".0e").replaceAll("\\.(\\d+)\\.0e", ".$1e"), mark, mark,
                org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
    }
}
