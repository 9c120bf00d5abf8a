package trainyard.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Where the images come from: the built-in MNIST download, or any four IDX files. */
public sealed interface DatasetSpec {
    List<String> IDX_KEYS = List.of("train_images", "train_labels", "test_images", "test_labels");

    /** MNIST, fetched into data/mnist/ and checked against its SHA-256 sums. */
    record Mnist() implements DatasetSpec {
    }

    /**
     * Any dataset in MNIST's IDX format (Fashion-MNIST, KMNIST, EMNIST). Paths are taken
     * as written, relative to the working directory, so a run's identity does not depend
     * on where the repository was cloned.
     */
    record IdxFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) implements DatasetSpec {
        public IdxFiles {
            Require.present("train_images", trainImages);
            Require.present("train_labels", trainLabels);
            Require.present("test_images", testImages);
            Require.present("test_labels", testLabels);
        }
    }

    /** mnist, or {idx: {train_images: ..., ...}}. */
    default Object canonical() {
        return switch (this) {
            case Mnist mnist -> "mnist";
            case IdxFiles files -> {
                Map<String, Object> idx = new LinkedHashMap<>();
                idx.put("train_images", files.trainImages().toString());
                idx.put("train_labels", files.trainLabels().toString());
                idx.put("test_images", files.testImages().toString());
                idx.put("test_labels", files.testLabels().toString());
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
            in.problem(node, "dataset: unknown dataset '" + value + "'; expected mnist, or {idx: {train_images: PATH, train_labels: PATH, test_images: PATH, test_labels: PATH}}"
                    + Suggestions.didYouMean(value, List.of("mnist")));
            return null;
        }
        Map<String, Node> section = in.mapping(node, "dataset", "mnist or {idx: {...}}", List.of("idx"));
        if (section == null) {
            return null;
        }
        if (!section.containsKey("idx")) {
            in.problem(node, "dataset: expected the key 'idx' with the four IDX file paths");
            return null;
        }
        Map<String, Node> files = in.mapping(section.get("idx"), "dataset.idx", "the four IDX file paths", IDX_KEYS);
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
        return new IdxFiles(paths[0], paths[1], paths[2], paths[3]);
    }
}
