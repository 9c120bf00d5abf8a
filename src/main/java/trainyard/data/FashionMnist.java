package trainyard.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, "Fashion-MNIST: a Novel Image Dataset for
 * Benchmarking Machine Learning Algorithms", arXiv:1708.07747): 28x28 grey pictures of ten
 * kinds of clothing in MNIST's IDX format, 60,000 to train and 10,000 to test. Read where
 * it lies, gzipped or not, never copied: data/fashion_mnist/ first, then the folder where
 * Debian's package dataset-fashion-mnist installs it. Every file is proven by the SHA-256 of
 * its IDX bytes, so a gzipped and an unpacked copy pass alike.
 */
public final class FashionMnist {
    public static final String NAME = "fashion_mnist";
    /** Where Debian's dataset-fashion-mnist puts the four gzipped files. */
    static final Path SYSTEM_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");
    static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    /** The paper's Table 1, in label order. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The four files (as named upstream, without .gz) and the SHA-256 of their IDX bytes. */
    enum File {
        TRAIN_IMAGES("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        TRAIN_LABELS("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        TEST_IMAGES("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        TEST_LABELS("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

        final String fileName;
        final String sha256;

        File(String fileName, String sha256) {
            this.fileName = fileName;
            this.sha256 = sha256;
        }
    }

    private FashionMnist() {
    }

    /** The folders searched, in order. */
    static List<Path> folders(Path dataFolder) {
        return List.of(dataFolder.resolve(NAME), SYSTEM_FOLDER);
    }

    /** The four files in the first folder that has them all (each NAME or NAME.gz), or null. */
    static Path[] locate(List<Path> folders) {
        for (Path folder : folders) {
            Path[] paths = new Path[File.values().length];
            boolean complete = true;
            for (File file : File.values()) {
                Path plain = folder.resolve(file.fileName);
                Path gzipped = folder.resolve(file.fileName + ".gz");
                paths[file.ordinal()] = Files.isRegularFile(plain) ? plain : Files.isRegularFile(gzipped) ? gzipped : null;
                complete &= paths[file.ordinal()] != null;
            }
            if (complete) {
                return paths;
            }
        }
        return null;
    }

    public static Dataset load(Path dataFolder) throws DataException {
        return load(folders(dataFolder));
    }

    static Dataset load(List<Path> folders) throws DataException {
        Path[] paths = locate(folders);
        if (paths == null) {
            throw new DataException(notFound(folders));
        }
        IdxFile[] files = new IdxFile[paths.length];
        for (File file : File.values()) {
            IdxFile read = IdxFile.read(paths[file.ordinal()]);
            if (!file.sha256.equals(read.sha256())) {
                throw new DataException(read.path(), "has SHA-256 " + read.sha256() + " (of its IDX bytes), expected " + file.sha256
                        + " (Fashion-MNIST's " + file.fileName + "); replace it with the genuine file");
            }
            files[file.ordinal()] = read;
        }
        return Dataset.of(NAME, files[0], files[1], files[2], files[3], CLASS_NAMES, ImagePreparation.OBJECT);
    }

    private static String notFound(List<Path> folders) {
        return "Fashion-MNIST is not in " + String.join(" or ", folders.stream().map(Path::toString).toList())
                + "; 'make data DATASET=fashion_mnist' installs Debian's package " + DEBIAN_PACKAGE
                + " where it can, or put the four files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,"
                + " t10k-labels-idx1-ubyte, gzipped or not) in " + folders.get(0);
    }

    /**
     * For `make data DATASET=fashion_mnist`: the files' folder, installing Debian's package
     * first when they are nowhere and this is a Debian system run as root.
     */
    public static Path ensure(Path dataFolder, Consumer<String> log) throws DataException {
        List<Path> folders = folders(dataFolder);
        Path[] paths = locate(folders);
        if (paths == null && canInstallPackages()) {
            log.accept("Installing Debian's " + DEBIAN_PACKAGE + " (apt-get) ...");
            if (!aptGet("install", "-y", "-qq", DEBIAN_PACKAGE)) {
                aptGet("update", "-qq");
                aptGet("install", "-y", "-qq", DEBIAN_PACKAGE);
            }
            paths = locate(folders);
        }
        load(folders); // verifies every file, or says what is wrong
        return paths[0].getParent();
    }

    private static boolean canInstallPackages() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/apt-get"));
    }

    private static boolean aptGet(String... arguments) {
        List<String> command = new ArrayList<>(List.of("apt-get"));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
