package trainyard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The `space` of a random or TPE search: each dotted key path and the distribution its
 * values come from, in file order (the order of the draws). The one reader of the
 * distribution syntax, and the one place a drawn number becomes a value in a trial.
 *
 * @param distributions dotted key path → its distribution
 */
record SearchSpace(Map<String, Distribution> distributions) {
    static final List<String> KINDS = List.of("log_uniform", "uniform", "int_uniform", "choice");
    /** Drawn numbers are rounded to this many significant digits: readable tables, stable run ids. */
    private static final int SIGNIFICANT_DIGITS = 4;

    SearchSpace {
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
    }

    /**
     * One distribution: {log_uniform: [low, high]}, {uniform: [low, high]}, {int_uniform:
     * [low, high]} (both ends included) or {choice: [values]}, as written ({@code node}), and
     * its list, whose place a drawn number keeps.
     */
    record Distribution(String kind, List<Node> choices, double low, double high, Node node, Node arguments) {
        /** A uniform draw, as random search makes it. */
        Node sample(SplittableRandom random) {
            return switch (kind) {
                case "choice" -> choices.get(random.nextInt(choices.size()));
                case "int_uniform" -> node(random.nextLong((long) low, (long) high + 1));
                case "log_uniform" -> node(Math.exp(low == high ? Math.log(low) : random.nextDouble(Math.log(low), Math.log(high))));
                default -> node(low == high ? low : random.nextDouble(low, high));
            };
        }

        /** The value a trial gets for a drawn number: a choice's index, a whole number, or a decimal rounded to 4 digits. */
        Node node(double drawn) {
            Mark mark = arguments.getStartMark();
            return switch (kind) {
                case "choice" -> choices.get((int) drawn);
                case "int_uniform" -> new ScalarNode(Tag.INT, Long.toString(Math.round(drawn)), mark, mark, DumperOptions.ScalarStyle.PLAIN);
                default -> decimal(drawn, mark);
            };
        }
    }

    /**
     * The space under {@code where} (sweep.random or sweep.tpe), or null when it is missing,
     * empty or any distribution is not usable (each fault reported).
     */
    static SearchSpace read(YamlReader in, Node section, Node node, String where) {
        Map<String, Node> written = node != null
                ? in.mapping(node, where + ".space", "{key.path: {log_uniform: [low, high]}, ...}", null) : null;
        if (written == null || written.isEmpty()) {
            if (node == null || written != null) {
                in.problem(node == null ? section : node, where + ": missing 'space', e.g. {optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}}");
            }
            return null;
        }
        Map<String, Distribution> space = new LinkedHashMap<>();
        for (Map.Entry<String, Node> entry : written.entrySet()) {
            Distribution distribution = distribution(in, where + ".space." + entry.getKey(), entry.getValue());
            if (distribution != null) {
                space.put(entry.getKey(), distribution);
            }
        }
        return space.size() == written.size() ? new SearchSpace(space) : null;
    }

    private static Distribution distribution(YamlReader in, String where, Node node) {
        Map<String, Node> kinds = in.mapping(node, where, "{log_uniform: [low, high]}", KINDS);
        if (kinds == null || kinds.size() != 1) {
            if (kinds != null) {
                in.problem(node, where + ": expected exactly one of " + String.join(", ", KINDS) + ", e.g. {log_uniform: [1.0e-4, 1.0e-1]}");
            }
            return null;
        }
        String kind = kinds.keySet().iterator().next();
        Node arguments = kinds.get(kind);
        if (!(arguments instanceof SequenceNode list) || list.getValue().isEmpty()) {
            in.problem(arguments, where + "." + kind + ": expected " + (kind.equals("choice") ? "a list of at least one value" : "[low, high]")
                    + ", found " + (arguments instanceof SequenceNode ? "an empty list" : YamlReader.describe(arguments)));
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

    boolean contains(String path) {
        return distributions.containsKey(path);
    }

    /** Without this key's distribution (the command line sweeps it); null when none is left. */
    SearchSpace without(String path) {
        Map<String, Distribution> rest = new LinkedHashMap<>(distributions);
        rest.remove(path);
        return rest.isEmpty() ? null : new SearchSpace(rest);
    }

    /** {@code count} uniform draws from {@code seed}, each a list of axes of one value, in the order of the keys. */
    List<List<SweepAxis>> draws(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<SweepAxis>> draws = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            List<SweepAxis> draw = new ArrayList<>();
            distributions.forEach((path, distribution) -> draw.add(new SweepAxis(path, List.of(distribution.sample(random)),
                    distribution.node().getStartMark())));
            draws.add(draw);
        }
        return draws;
    }

    /**
     * {@code count} different uniform draws from {@code seed}: a draw that repeats an earlier
     * one is skipped and the stream goes on, at most {@code limit} draws in all (fewer
     * results then).
     */
    List<List<SweepAxis>> distinctDraws(long seed, int count, int limit) {
        SplittableRandom random = new SplittableRandom(seed);
        List<List<SweepAxis>> draws = new ArrayList<>();
        java.util.Set<List<Object>> seen = new java.util.HashSet<>();
        for (int t = 0; t < limit && draws.size() < count; t++) {
            List<SweepAxis> draw = new ArrayList<>();
            distributions.forEach((path, distribution) -> draw.add(new SweepAxis(path, List.of(distribution.sample(random)),
                    distribution.node().getStartMark())));
            if (seen.add(draw.stream().map(axis -> YamlTrees.plain(axis.values().get(0))).toList())) {
                draws.add(draw);
            }
        }
        return draws;
    }

    /** A point of the space (in {@link #dimensions()}' order) as a list of axes of one value. */
    List<SweepAxis> axes(double[] point) {
        List<SweepAxis> axes = new ArrayList<>();
        int d = 0;
        for (Map.Entry<String, Distribution> entry : distributions.entrySet()) {
            Distribution distribution = entry.getValue();
            axes.add(new SweepAxis(entry.getKey(), List.of(distribution.node(point[d++])), distribution.node().getStartMark()));
        }
        return axes;
    }

    List<SearchDimension> dimensions() {
        List<SearchDimension> dimensions = new ArrayList<>();
        canonical().forEach((path, written) -> dimensions.add(SearchDimension.of(path, written)));
        return dimensions;
    }

    /** As sweep.json writes it: each key's distribution as written. */
    Map<String, Object> canonical() {
        Map<String, Object> plain = new LinkedHashMap<>();
        distributions.forEach((path, distribution) -> plain.put(path, YamlTrees.plain(distribution.node())));
        return plain;
    }

    private static Node decimal(double value, Mark mark) {
        String text = new java.math.BigDecimal(value).round(new java.math.MathContext(SIGNIFICANT_DIGITS)).stripTrailingZeros().toString();
        if (!text.contains(".") && !text.contains("E")) {
            text = text + ".0";
        }
        return new ScalarNode(Tag.FLOAT, text.toLowerCase(Locale.ROOT).replace("e", ".0e").replaceAll("\\.(\\d+)\\.0e", ".$1e"), mark, mark,
                DumperOptions.ScalarStyle.PLAIN);
    }
}
