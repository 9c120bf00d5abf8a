package trainyard.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A CSV table of the user's own (the Keras "structured data" tutorials' kind): which file,
 * which column is the target, which columns are features and which of them are
 * categories, and where the test rows come from. How the cells become inputs is data/'s
 * (TableDataset); this is what the file says.
 *
 * <pre>
 * dataset:
 *   csv:
 *     train: data/seattle-weather.csv   # header row required; RFC 4180 quoting; UTF-8
 *     test: {split: 0.2, seed: 1}       # the default; or a path to a second file
 *     target: weather
 *     features: [precipitation, temp_max, temp_min, wind]   # default: every other column
 *     categorical: [station]            # default: the columns that are not numbers
 *     delimiter: ","
 *     target_scaling: standard          # a regression's target: standard (the default) or none
 * </pre>
 *
 * @param test        a second file, or null to hold out {@code testSplit} of the rows
 * @param testSplit   the share of rows held out for testing, per class (stratified)
 * @param splitSeed   the seed of that split; the split depends on nothing else
 * @param features    null for every column but the target
 * @param categorical null for the columns that are not numbers
 * @param scaleTarget a regression's target standardised with the training rows' mean and
 *                    deviation (target_scaling: standard, the default) or taken as it is (none)
 */
public record CsvDatasetSpec(Path train, Path test, double testSplit, long splitSeed, String target, List<String> features,
                             List<String> categorical, char delimiter, boolean scaleTarget) implements DatasetSpec {
    public static final List<String> KEYS = List.of("train", "test", "target", "features", "categorical", "delimiter", "target_scaling");
    public static final List<String> TARGET_SCALINGS = List.of("standard", "none");
    public static final double DEFAULT_TEST_SPLIT = 0.2;
    public static final long DEFAULT_SPLIT_SEED = 1;

    public CsvDatasetSpec {
        Require.present("train", train);
        Require.present("target", target);
        if (test == null) {
            Require.inRange("test.split", testSplit, 0, false, 1, false);
        }
        features = features == null ? null : List.copyOf(features);
        categorical = categorical == null ? null : List.copyOf(categorical);
        if (features != null) {
            if (features.isEmpty()) {
                throw new InvalidValueException("features", "must name at least one column");
            }
            if (features.contains(target)) {
                throw new InvalidValueException("features", "names the target '" + target + "'; a column cannot predict itself");
            }
            if (new java.util.HashSet<>(features).size() != features.size()) {
                throw new InvalidValueException("features", "names a column twice");
            }
        }
        if (categorical != null && features != null) {
            for (String column : categorical) {
                if (!features.contains(column) && !column.equals(target)) {
                    throw new InvalidValueException("categorical", "names '" + column + "', which is neither a feature nor the target");
                }
            }
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new InvalidValueException("delimiter", "cannot be a quote or a line break");
        }
    }

    /** The section as the file would write it; keys at their defaults are left out. */
    Map<String, Object> canonicalSection() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("train", train.toString());
        if (test != null) {
            map.put("test", test.toString());
        } else {
            Map<String, Object> split = new LinkedHashMap<>();
            split.put("split", testSplit);
            split.put("seed", splitSeed);
            map.put("test", split);
        }
        map.put("target", target);
        if (features != null) {
            map.put("features", features);
        }
        if (categorical != null) {
            map.put("categorical", categorical);
        }
        if (delimiter != ',') {
            map.put("delimiter", String.valueOf(delimiter));
        }
        if (!scaleTarget) {
            map.put("target_scaling", "none");
        }
        return map;
    }

    static CsvDatasetSpec read(YamlReader in, Node node) {
        Map<String, Node> entries = in.mapping(node, "dataset.csv", "the table's settings", KEYS);
        if (entries == null) {
            return null;
        }
        boolean complete = in.required(entries, "train", node, "a path to a CSV file") & in.required(entries, "target", node, "a column name");
        Path train = entries.containsKey("train") ? path(in, entries.get("train"), "dataset.csv.train") : null;
        String target = entries.containsKey("target") ? in.string(entries.get("target"), "dataset.csv.target") : null;
        Path test = null;
        double split = DEFAULT_TEST_SPLIT;
        long seed = DEFAULT_SPLIT_SEED;
        Node testNode = entries.get("test");
        if (testNode instanceof MappingNode) {
            Map<String, Node> splitEntries = in.mapping(testNode, "dataset.csv.test", "{split: F, seed: S} or a path", List.of("split", "seed"));
            if (splitEntries == null) {
                return null;
            }
            Double fraction = in.number(splitEntries, "dataset.csv.test", "split", DEFAULT_TEST_SPLIT,
                    v -> Require.inRange("split", v, 0, false, 1, false));
            Long splitSeed = in.longValue(splitEntries, "dataset.csv.test", "seed", DEFAULT_SPLIT_SEED);
            if (fraction == null || splitSeed == null) {
                return null;
            }
            split = fraction;
            seed = splitSeed;
        } else if (testNode != null) {
            test = path(in, testNode, "dataset.csv.test");
            if (test == null) {
                return null;
            }
        }
        List<String> features = entries.containsKey("features") ? names(in, entries.get("features"), "dataset.csv.features") : null;
        List<String> categorical = entries.containsKey("categorical") ? names(in, entries.get("categorical"), "dataset.csv.categorical") : null;
        Character delimiter = ',';
        if (entries.containsKey("delimiter")) {
            delimiter = delimiter(in, entries.get("delimiter"));
        }
        String scaling = entries.containsKey("target_scaling")
                ? in.choiceName(entries.get("target_scaling"), "dataset.csv.target_scaling", TARGET_SCALINGS) : "standard";
        if (scaling == null) {
            return null;
        }
        boolean scaleTarget = scaling.equals("standard");
        if (!complete || train == null || target == null || delimiter == null
                || (entries.containsKey("features") && features == null) || (entries.containsKey("categorical") && categorical == null)) {
            return null;
        }
        Path testFile = test;
        double testSplit = split;
        long splitSeed = seed;
        char separator = delimiter;
        return in.attempt("dataset.csv", () -> new CsvDatasetSpec(train, testFile, testSplit, splitSeed, target, features, categorical,
                separator, scaleTarget));
    }

    private static Path path(YamlReader in, Node node, String key) {
        String text = in.string(node, key);
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            in.problem(node, key + ": not a valid path: " + e.getReason());
            return null;
        }
    }

    private static List<String> names(YamlReader in, Node node, String key) {
        if (!(node instanceof SequenceNode sequence)) {
            in.problem(node, key + ": expected a list of column names, found " + YamlReader.describe(node));
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String name = in.string(item, key);
            if (name == null) {
                return null;
            }
            names.add(name);
        }
        return names;
    }

    /** One character; "tab" or "\t" for a tab, since a literal tab is easy to lose in YAML. */
    private static Character delimiter(YamlReader in, Node node) {
        String text = in.string(node, "dataset.csv.delimiter");
        if (text == null) {
            return null;
        }
        if (text.equals("tab") || text.equals("\\t")) {
            return '\t';
        }
        if (text.length() != 1) {
            in.problem(node, "dataset.csv.delimiter: expected one character (or tab), found '" + trainyard.files.UserText.printable(text) + "'");
            return null;
        }
        return text.charAt(0);
    }
}
