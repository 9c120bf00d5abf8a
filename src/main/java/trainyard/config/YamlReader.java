package trainyard.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads values out of a composed YAML tree for the config sections, keeping each value's
 * file, line and column: every fault becomes a {@link ConfigProblem} there, and reading
 * goes on so that one pass reports every fault it can. A method that finds a fault
 * returns null; a section returns null when any of its values did.
 *
 * <p>Deliberately not a binding framework: each section reads its own keys by hand, so
 * each message can say what was expected there.
 */
final class YamlReader {
    private final Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, LoadedExperiment.Location> positions = new LinkedHashMap<>();
    /** Per mapping, the keys its misspelt keys were taken for: a required one of them is not reported missing as well. */
    private final Map<Node, java.util.Set<String>> suggested = new java.util.IdentityHashMap<>();

    YamlReader(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The problems found, in the order of their lines and columns. */
    List<ConfigProblem> problems() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((ConfigProblem p) -> p.position().line()).thenComparingInt(p -> p.position().column()));
        return sorted;
    }

    Map<String, LoadedExperiment.Location> positions() {
        return positions;
    }

    /**
     * The entries of a mapping, in order; reports a non-mapping, a non-text key, a
     * duplicate key and an unknown key (with the closest allowed one).
     */
    Map<String, Node> mapping(Node node, String path, String expected, List<String> allowed) {
        return mapping(node, path, expected, allowed, key -> null);
    }

    /** As above; allowed null takes any key (a sweep's grid of dotted paths); {@code explainUnknown} may give a better message for an unknown key (null: the usual one). */
    Map<String, Node> mapping(Node node, String path, String expected, List<String> allowed, Function<String, String> explainUnknown) {
        record(path, node);
        if (!(node instanceof MappingNode mappingNode)) {
            problem(node, prefix(path) + "expected " + (expected.startsWith("{") ? expected : "a mapping (" + expected + ")")
                    + ", found " + describe(node));
            return null;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, Node> keyNodes = new LinkedHashMap<>();
        for (NodeTuple tuple : mappingNode.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                problem(keyNode, prefix(path) + "keys must be plain words, found " + describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (keyNodes.containsKey(key)) {
                problem(keyNode, "duplicate key '" + keyPath + "' (first given on line " + (keyNodes.get(key).getStartMark().getLine() + 1) + ")");
                continue;
            }
            keyNodes.put(key, keyNode);
            if (allowed != null && !allowed.contains(key) && explainUnknown.apply(key) != null) {
                problem(keyNode, keyPath + " " + explainUnknown.apply(key));
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                String meant = Suggestions.closest(key, allowed);
                if (meant != null) {
                    suggested.computeIfAbsent(node, n -> new java.util.HashSet<>()).add(meant);
                }
                problem(keyNode, "unknown key '" + keyPath + "'" + Suggestions.didYouMean(key, allowed)
                        + "; allowed " + (path.isEmpty() ? "at the top" : "in " + path) + ": " + String.join(", ", allowed));
                continue;
            }
            entries.put(key, tuple.getValueNode());
            record(keyPath, tuple.getValueNode());
        }
        return entries;
    }

    /** A mapping of exactly one key, whose name picks the variant: {cosine_decay: {...}}. Returns that entry. */
    Map.Entry<String, Node> variant(Node node, String path, String expected, List<String> names) {
        Map<String, Node> entries = mapping(node, path, expected, names);
        if (entries == null) {
            return null;
        }
        if (entries.size() > 1) {
            problem(node, prefix(path) + "expected one of " + String.join(", ", names) + ", found " + String.join(" and ", entries.keySet()));
            return null;
        }
        if (entries.isEmpty()) {
            if (((MappingNode) node).getValue().isEmpty()) {
                problem(node, prefix(path) + "expected one of " + String.join(", ", names) + ", found an empty mapping");
            }
            return null;
        }
        return entries.entrySet().iterator().next();
    }

    boolean required(Map<String, Node> entries, String key, Node parent, String expected) {
        if (entries.containsKey(key)) {
            return true;
        }
        if (!suggested.getOrDefault(parent, java.util.Set.of()).contains(key)) {
            problem(parent, "missing '" + key + "': expected " + expected);
        }
        return false;
    }

    String string(Node node, String path) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return scalar.getValue();
        }
        problem(node, path + ": expected text, found " + describe(node));
        return null;
    }

    Boolean bool(Node node, String path) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return Set.of("true", "yes", "on", "y").contains(scalar.getValue().toLowerCase(Locale.ROOT));
        }
        problem(node, path + ": expected true or false, found " + describe(node));
        return null;
    }

    Boolean bool(Map<String, Node> entries, String section, String key, boolean defaultValue) {
        return entries.containsKey(key) ? bool(entries.get(key), section + "." + key) : Boolean.valueOf(defaultValue);
    }

    Integer integer(Node node, String path) {
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

    Integer integer(Map<String, Node> entries, String section, String key, int defaultValue, IntConsumer rule) {
        if (!entries.containsKey(key)) {
            return defaultValue;
        }
        Node node = entries.get(key);
        Integer value = integer(node, section + "." + key);
        return value != null && check(node, section, () -> rule.accept(value)) ? value : null;
    }

    /** A whole number of at least {@code minimum}, or null (reported). */
    Integer wholeNumber(Node node, String path, int minimum) {
        Integer value = integer(node, path);
        int cut = path.lastIndexOf('.');
        return value != null && check(node, cut < 0 ? "" : path.substring(0, cut), () -> Require.atLeast(path.substring(cut + 1), value, minimum))
                ? value : null;
    }

    /** A word or number as text (a partition, an image), or null (reported) for a list, a mapping or blank text. */
    String word(Node node, String path) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL) && !scalar.getValue().isBlank()
                && scalar.getValue().chars().noneMatch(Character::isISOControl)) {
            return scalar.getValue();
        }
        problem(node, path + ": expected a word or number, found " + describe(node));
        return null;
    }

    Long longValue(Node node, String path) {
        if (node instanceof ScalarNode scalar && scalar.getValue().replace("_", "").matches("[-+]?\\d{1,19}")) {
            String digits = scalar.getValue().replace("_", "");
            try { // every long, Long.MAX_VALUE included: as a double it rounds to 2^63, one past the range
                return Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
            } catch (NumberFormatException outOfRange) {
                // past a long: refused below
            }
        }
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

    Long longValue(Map<String, Node> entries, String section, String key, long defaultValue) {
        return entries.containsKey(key) ? longValue(entries.get(key), section + "." + key) : Long.valueOf(defaultValue);
    }

    Double number(Node node, String path, DoubleConsumer rule) {
        Double value = plainNumber(node);
        if (value == null) {
            problem(node, path + ": expected a number, found " + describe(node));
            return null;
        }
        int cut = path.lastIndexOf('.');
        return check(node, cut < 0 ? "" : path.substring(0, cut), () -> rule.accept(value)) ? value : null;
    }

    Double number(Map<String, Node> entries, String section, String key, double defaultValue, DoubleConsumer rule) {
        return entries.containsKey(key) ? number(entries.get(key), section + "." + key, rule) : Double.valueOf(defaultValue);
    }

    /** The value of a key in a mapping node, or null: a look before reading, which reports nothing. */
    static Node valueOf(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    /** Whether the node is YAML's null (written as null, ~ or nothing). */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    /** A number written without quotes; YAML 1.1 needs "1.0e-3", but we also take "1e-3" as people write it. */
    static Double plainNumber(Node node) {
        if (!(node instanceof ScalarNode scalar) || scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN) {
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

    <E> E choice(Node node, String path, E[] values, Function<E, String> nameOf) {
        List<String> names = Arrays.stream(values).map(nameOf).toList();
        String name = choiceName(node, path, names);
        return name == null ? null : values[names.indexOf(name)];
    }

    String choiceName(Node node, String path, List<String> allowed) {
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
    boolean check(Node node, String section, Runnable rule) {
        try {
            rule.run();
            return true;
        } catch (InvalidValueException e) {
            problem(node, (section.isEmpty() ? "" : section + ".") + e.key() + ": " + e.rule());
            return false;
        }
    }

    /**
     * Builds a record; a broken rule (a cross-field one, say) becomes a problem at the
     * position of the key it names, under {@code section}.
     */
    <T> T attempt(String section, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidValueException e) {
            String keyPath = section.isEmpty() ? e.key() : section + "." + e.key();
            LoadedExperiment.Location at = locate(keyPath);
            problems.add(new ConfigProblem(at.file(), at.position(), keyPath + ": " + e.rule()));
            return null;
        }
    }

    /** Where a key path (or its closest recorded parent) was written. */
    LoadedExperiment.Location locate(String keyPath) {
        return LoadedExperiment.positionOf(positions, file, keyPath);
    }

    void record(String path, Node node) {
        if (!path.isEmpty()) {
            ConfigProblem where = ConfigProblem.at(file, node.getStartMark(), "");
            positions.putIfAbsent(path, new LoadedExperiment.Location(where.file(), where.position()));
        }
    }

    void problem(Node node, String message) {
        problems.add(ConfigProblem.at(file, node.getStartMark(), message));
    }

    void problem(ConfigProblem problem) {
        problems.add(problem);
    }

    static String describe(Node node) {
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

    private static String prefix(String path) {
        return path.isEmpty() ? "" : path + ": ";
    }
}
