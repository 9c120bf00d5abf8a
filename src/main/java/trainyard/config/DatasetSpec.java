package trainyard.config;

import java.nio.file.Path;

/** Where the images come from: the built-in MNIST download, or any four IDX files. */
public sealed interface DatasetSpec {
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
}
