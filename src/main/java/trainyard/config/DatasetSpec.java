package trainyard.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Where the examples come from: a dataset Trainyard knows by name (MNIST, Fashion-MNIST),
 * any four IDX files, or a CSV table ({@link CsvDatasetSpec}). What each dataset is (its shape, scaling, class names) is data/'s
 * to say; this is only what the experiment file names.
 */
public sealed interface DatasetSpec permits DatasetSpec.Mnist, DatasetSpec.FashionMnist, DatasetSpec.IdxFiles, CsvDatasetSpec {
    List<String> IDX_KEYS = List.of("train_images", "train_labels", "test_images", "test_labels");
    List<String> IDX_OPTIONAL_KEYS = List.of("class_names");
    /** The datasets known by name, as the file writes them. */
    List<String> NAMES = List.of("mnist", "fashion_mnist");

    /** MNIST, fetched into data/mnist/ and checked against its SHA-256 sums. */
    record Mnist() implements DatasetSpec {
    }

    /** Fashion-MNIST (Xiao et al., 2017), found where Debian installs it or in data/fashion_mnist/, checked by SHA-256. */
    record FashionMnist() implements DatasetSpec {
    }

    /**
     * Any dataset in MNIST's IDX format (KMNIST, EMNIST, a subset), gzipped or not. Paths are
     * taken as written, relative to the working directory, so a run's identity does not depend
     * on where the repository was cloned.
     *
     * @param classNames one name per label, or null to name classes by their numbers
     */
    record IdxFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels, List<String> classNames) implements DatasetSpec {
        public IdxFiles {
            Require.present("train_images", trainImages);
            Require.present("train_labels", trainLabels);
            Require.present("test_images", testImages);
            Require.present("test_labels", testLabels);
            if (classNames != null) {
                classNames = List.copyOf(classNames);
                if (classNames.size() < 2) {
                    throw new InvalidValueException("class_names", "must name at least two classes");
                }
                if (new java.util.HashSet<>(classNames).size() != classNames.size()) {
                    throw new InvalidValueException("class_names", "must not name a class twice");
                }
            }
        }

        public IdxFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
            this(trainImages, trainLabels, testImages, testLabels, null);
        }
    }

    /** The files the experiment names, as written (none for a dataset known by name). */
    default List<Path> files() {
        return switch (this) {
            case Mnist mnist -> List.of();
            case FashionMnist fashion -> List.of();
            case IdxFiles idx -> List.of(idx.trainImages(), idx.trainLabels(), idx.testImages(), idx.testLabels());
            case CsvDatasetSpec csv -> csv.test() == null ? List.of(csv.train()) : List.of(csv.train(), csv.test());
        };
    }

    /** The same dataset with each file read from {@code where.apply(file)}; its canonical form (and run_ids) use the paths as written. */
    default DatasetSpec withFiles(java.util.function.UnaryOperator<Path> where) {
        return switch (this) {
            case Mnist mnist -> this;
            case FashionMnist fashion -> this;
            case IdxFiles idx -> new IdxFiles(where.apply(idx.trainImages()), where.apply(idx.trainLabels()), where.apply(idx.testImages()),
                    where.apply(idx.testLabels()), idx.classNames());
            case CsvDatasetSpec csv -> new CsvDatasetSpec(where.apply(csv.train()), csv.test() == null ? null : where.apply(csv.test()),
                    csv.testSplit(), csv.splitSeed(), csv.target(), csv.features(), csv.categorical(), csv.delimiter(), csv.scaleTarget());
        };
    }

    /** mnist, or {idx: {train_images: ..., ...}}. */
    default Object canonical() {
        return switch (this) {
            case Mnist mnist -> "mnist";
            case FashionMnist fashion -> "fashion_mnist";
            case CsvDatasetSpec csv -> Map.of("csv", csv.canonicalSection());
            case IdxFiles files -> {
                Map<String, Object> idx = new LinkedHashMap<>();
                idx.put("train_images", files.trainImages().toString());
                idx.put("train_labels", files.trainLabels().toString());
                idx.put("test_images", files.testImages().toString());
                idx.put("test_labels", files.testLabels().toString());
                if (files.classNames() != null) { // added after run_ids existed: absent when unset
                    idx.put("class_names", files.classNames());
                }
                yield Map.of("idx", idx);
            }
        };
    }

    static DatasetSpec read(YamlReader in, Node node) {
        if (node instanceof ScalarNode) {
            String value = in.string(node, "dataset");
            if (value == null) {
                return null;
            }
            if (value.equalsIgnoreCase("mnist")) {
                return new Mnist();
            }
            if (value.equalsIgnoreCase("fashion_mnist")) {
                return new FashionMnist();
            }
            in.problem(node, "dataset: unknown dataset '" + value + "'; expected mnist, fashion_mnist, or {idx: {train_images: PATH, train_labels: PATH,"
                    + " test_images: PATH, test_labels: PATH}}" + Suggestions.didYouMean(value, NAMES));
            return null;
        }
        Map.Entry<String, Node> variant = in.variant(node, "dataset", "mnist, fashion_mnist, {idx: {...}} or {csv: {...}}", List.of("idx", "csv"));
        if (variant == null) {
            return null;
        }
        return variant.getKey().equals("csv") ? CsvDatasetSpec.read(in, variant.getValue()) : readIdx(in, variant.getValue());
    }

    /** {idx: {train_images: PATH, train_labels: PATH, test_images: PATH, test_labels: PATH, class_names: [...]}}. */
    private static DatasetSpec readIdx(YamlReader in, Node idx) {
        Map<String, Node> section = Map.of("idx", idx);
        Map<String, Node> files = in.mapping(section.get("idx"), "dataset.idx", "the four IDX file paths",
                java.util.stream.Stream.concat(IDX_KEYS.stream(), IDX_OPTIONAL_KEYS.stream()).toList());
        if (files == null) {
            return null;
        }
        Path[] paths = new Path[IDX_KEYS.size()];
        for (int i = 0; i < paths.length; i++) {
            String key = IDX_KEYS.get(i);
            if (!files.containsKey(key)) {
                in.problem(section.get("idx"), "dataset.idx: missing '" + key + "' (a path to an IDX file)");
                continue;
            }
            String text = in.string(files.get(key), "dataset.idx." + key);
            if (text != null) {
                try {
                    paths[i] = Path.of(text);
                } catch (InvalidPathException e) {
                    in.problem(files.get(key), "dataset.idx." + key + ": not a valid path: " + e.getReason());
                }
            }
        }
        for (Path path : paths) {
            if (path == null) {
                return null;
            }
        }
        List<String> classNames = null;
        if (files.containsKey("class_names")) {
            classNames = classNames(in, files.get("class_names"));
            if (classNames == null) {
                return null;
            }
        }
        List<String> names = classNames;
        IdxFiles[] built = new IdxFiles[1];
        in.check(files.getOrDefault("class_names", section.get("idx")), "dataset.idx",
                () -> built[0] = new IdxFiles(paths[0], paths[1], paths[2], paths[3], names));
        return built[0];
    }

    /** A list of names, one per class in label order. */
    private static List<String> classNames(YamlReader in, Node node) {
        if (!(node instanceof org.yaml.snakeyaml.nodes.SequenceNode sequence)) {
            in.problem(node, "dataset.idx.class_names: expected a list of names, one per label, found " + YamlReader.describe(node));
            return null;
        }
        List<String> names = new java.util.ArrayList<>();
        for (Node item : sequence.getValue()) {
            String name = in.string(item, "dataset.idx.class_names");
            if (name == null) {
                return null;
            }
            names.add(name);
        }
        return names;
    }
}
