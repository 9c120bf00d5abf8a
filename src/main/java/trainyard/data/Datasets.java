package trainyard.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import trainyard.config.CsvDatasetSpec;
import trainyard.config.DatasetSpec;
import trainyard.config.ExperimentSpec;
import trainyard.config.LossKind;

/**
 * The one place an experiment's dataset line becomes a loaded {@link Dataset}: MNIST
 * (fetched first when it is missing), Fashion-MNIST (found where it is installed), or the
 * user's own IDX files.
 */
public final class Datasets {
    private Datasets() {
    }

    /**
     * @param dataFolder where downloaded datasets live (data/ by default)
     * @param log        told of downloads, one line each
     * @param warnings   told of what in the data deserves a look (a constant column), one line each
     */
    public static Dataset load(DatasetSpec spec, Path dataFolder, Consumer<String> log, Consumer<String> warnings) throws DataException {
        return load(spec, false, dataFolder, Map.of(), log, warnings);
    }

    /** The experiment's dataset, for its task: a table whose experiment's loss is mean_squared_error is a regression. */
    public static Dataset load(ExperimentSpec experiment, Path dataFolder, Consumer<String> log, Consumer<String> warnings) throws DataException {
        return load(experiment.dataset(), isRegression(experiment), dataFolder, Map.of(), log, warnings);
    }

    /**
     * A finished run's dataset again, from the files the run read when they are still there
     * (so that its model is evaluated from any working directory).
     *
     * @param recorded where the run found each file it named, by the path as written
     */
    public static Dataset loadAgain(ExperimentSpec experiment, Path dataFolder, Map<String, String> recorded, Consumer<String> log,
                                    Consumer<String> warnings) throws DataException {
        return load(experiment.dataset(), isRegression(experiment), dataFolder, recorded, log, warnings);
    }

    /** One picture's dimensions and the number of classes, as a dataset gives them. */
    public record Pictures(int[] imageShape, int classes) {
    }

    /**
     * The pictures' shape and classes where the spec alone tells them, before any file is read:
     * MNIST's and Fashion-MNIST's 28x28 in 10 classes; null for IDX files and tables, whose
     * shape is in their files.
     */
    public static Pictures knownBeforeLoading(DatasetSpec spec) {
        return switch (spec) {
            case DatasetSpec.Mnist mnist -> new Pictures(new int[] {DigitImage.SIDE, DigitImage.SIDE}, 10);
            case DatasetSpec.FashionMnist fashion -> new Pictures(new int[] {DigitImage.SIDE, DigitImage.SIDE}, FashionMnist.CLASS_NAMES.size());
            default -> null;
        };
    }

    /**
     * Whether the experiment predicts a number: a table's target under mean_squared_error. (An
     * image dataset under mean_squared_error is still a classification, its targets one-hot.)
     */
    public static boolean isRegression(ExperimentSpec experiment) {
        return experiment.dataset() instanceof CsvDatasetSpec && experiment.loss() == LossKind.MEAN_SQUARED_ERROR;
    }

    private static Dataset load(DatasetSpec named, boolean regression, Path dataFolder, Map<String, String> recorded, Consumer<String> log,
                                Consumer<String> warnings) throws DataException {
        DatasetSpec spec = named.withFiles(written -> DataFolder.locate(written, dataFolder, recorded));
        List<Path> written = named.files();
        List<Path> found = spec.files();
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < written.size(); i++) {
            files.put(written.get(i).toString(), found.get(i).toAbsolutePath().normalize().toString());
        }
        return read(spec, regression, dataFolder, log, warnings).withFiles(files);
    }

    private static Dataset read(DatasetSpec spec, boolean regression, Path dataFolder, Consumer<String> log, Consumer<String> warnings)
            throws DataException {
        return switch (spec) {
            case DatasetSpec.Mnist mnist -> mnist(MnistDownload.standard(dataFolder.resolve("mnist"), log));
            case DatasetSpec.FashionMnist fashion -> FashionMnist.load(dataFolder);
            case CsvDatasetSpec csv -> {
                KnownTable.fetchIfMissing(csv.train(), log);
                yield TableDataset.load(csv, regression, warnings);
            }
            case DatasetSpec.IdxFiles idx -> Dataset.of("idx", IdxFile.read(idx.trainImages()), IdxFile.read(idx.trainLabels()),
                    IdxFile.read(idx.testImages()), IdxFile.read(idx.testLabels()), idx.classNames(), ImagePreparation.DIGIT);
        };
    }

    /**
     * Reads MNIST, hashing each file once as it is read (or not at all when data/mnist/.verified
     * remembers it unchanged since it was verified); a file that is not genuine sends us back
     * to the download, which moves it aside, fetches it again and verifies it.
     */
    static Dataset mnist(MnistDownload download) throws DataException {
        Path[] paths = download.ensure(false);
        IdxFile[] files = new IdxFile[paths.length];
        boolean allRemembered = true;
        for (MnistDownload.MnistFile file : MnistDownload.MnistFile.values()) {
            String remembered = download.rememberedSha256(file);
            allRemembered &= remembered != null;
            IdxFile read = IdxFile.read(paths[file.ordinal()], remembered);
            if (!MnistDownload.isGenuine(file, read.sha256())) {
                download.ensure(true);
                read = IdxFile.read(paths[file.ordinal()]);
            }
            files[file.ordinal()] = read;
        }
        if (!allRemembered) {
            download.remember(); // every file was just hashed and found genuine
        }
        return Dataset.of("mnist", files[0], files[1], files[2], files[3], null, ImagePreparation.DIGIT);
    }
}
