package trainyard.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import trainyard.config.DatasetSpec;
import trainyard.data.DataException;
import trainyard.data.Dataset;
import trainyard.data.IdxFile;
import trainyard.data.MnistDownload;

/** Loads the dataset an experiment names, fetching MNIST first when it is missing. */
public final class Datasets {
    private Datasets() {
    }

    public static Dataset load(DatasetSpec spec, Path dataFolder, PrintStream log) throws DataException {
        return switch (spec) {
            case DatasetSpec.Mnist mnist -> mnist(MnistDownload.standard(dataFolder.resolve("mnist"), log::println));
            case DatasetSpec.IdxFiles idx -> Dataset.of("idx", IdxFile.read(idx.trainImages()), IdxFile.read(idx.trainLabels()),
                    IdxFile.read(idx.testImages()), IdxFile.read(idx.testLabels()));
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
        return Dataset.of("mnist", files[0], files[1], files[2], files[3]);
    }
}
