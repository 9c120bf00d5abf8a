package trainyard.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where datasets are cached and where an experiment's files are found, whatever the working
 * directory: one folder per user, as Keras keeps ~/.keras/datasets. A run started from any
 * folder reads the MNIST already fetched, and records where each file it named really was,
 * so that its model can be evaluated from anywhere.
 */
public final class DataFolder {
    /** The environment variable that names the cache folder. */
    public static final String VARIABLE = "TRAINYARD_DATA";
    /** The checkout's root, set by ./trainyard: its data/ is the default cache. */
    static final String HOME_PROPERTY = "trainyard.home";

    private DataFolder() {
    }

    /** $TRAINYARD_DATA, else the checkout's data/ (through ./trainyard or make), else data/ in the working directory. */
    public static Path standard() {
        return standard(System.getenv(VARIABLE), System.getProperty(HOME_PROPERTY));
    }

    static Path standard(String variable, String home) {
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable);
        }
        return home != null && !home.isBlank() ? Path.of(home, "data") : Path.of("data");
    }

    /**
     * Where a file an experiment names is read: where its run found it (when that file is
     * still there), else as written, relative to the working directory; a missing public
     * table Trainyard knows by name is found (or fetched) in the data folder.
     *
     * @param recorded where a run found each file, by the path as written; empty for a new run
     */
    static Path locate(Path written, Path dataFolder, Map<String, String> recorded) {
        String found = recorded.get(written.toString());
        if (found != null && Files.exists(Path.of(found))) {
            return Path.of(found);
        }
        KnownTable known = KnownTable.named(written);
        if (known != null && !Files.exists(written)) {
            return dataFolder.resolve(known.fileName);
        }
        return written;
    }
}
