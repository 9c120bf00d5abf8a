package trainyard.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import trainyard.config.DatasetSpec;
import trainyard.data.DataException;
import trainyard.data.Dataset;
import trainyard.data.IdxFile;
import trainyard.data.MnistDownload;

/** Loads the dataset an experiment names, fetching MNIST first when it is missing. */
final class Datasets {
    private Datasets() {
    }

    static Dataset load(DatasetSpec spec, Path dataFolder, PrintStream log) throws DataException {
        return switch (spec) {
            case DatasetSpec.Mnist mnist -> {
                Path[] files = MnistDownload.standard(dataFolder.resolve("mnist"), log::println).ensure();
                yield Dataset.of("mnist", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
            }
            case DatasetSpec.IdxFiles idx -> Dataset.of("idx", IdxFile.read(idx.trainImages()), IdxFile.read(idx.trainLabels()),
                    IdxFile.read(idx.testImages()), IdxFile.read(idx.testLabels()));
        };
    }
}
