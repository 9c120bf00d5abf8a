package trainyard.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFilesTest {
    @TempDir
    Path folder;

    @Test
    void readsAWholeFileUpToTheLimitAndNoByteMore() throws IOException {
        Path file = Files.write(folder.resolve("f"), new byte[100_000]);
        assertThat(BoundedFiles.read(file, 100_000)).hasSize(100_000);
        assertThatThrownBy(() -> BoundedFiles.read(file, 99_999)).isInstanceOf(BoundedFiles.TooLargeException.class);
        assertThat(BoundedFiles.read(Files.write(folder.resolve("empty"), new byte[0]), 10)).isEmpty();
    }

    /** A device or a pipe has no size to bound, and a FIFO with no writer would block forever: refused before it is opened. */
    @Test
    void aDeviceOrAPipeIsRefusedBeforeItIsOpened() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "this system has no /dev/zero");
        assertThatThrownBy(() -> BoundedFiles.read(Path.of("/dev/zero"), 1 << 20))
                .satisfies(e -> assertThat(BoundedFiles.reason((IOException) e)).isEqualTo("is not a regular file (a pipe, socket or device)"));
        Path fifo = folder.resolve("fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
                "mkfifo is not available");
        assertThatThrownBy(() -> BoundedFiles.read(fifo, 1 << 20))
                .satisfies(e -> assertThat(BoundedFiles.reason((IOException) e)).isEqualTo("is not a regular file (a pipe, socket or device)"));
    }

    @Test
    void reasonsAreWordsAUserCanActOn() {
        assertThatThrownBy(() -> BoundedFiles.read(folder, 10)).satisfies(e -> assertThat(BoundedFiles.reason((IOException) e))
                .isEqualTo("is a folder, not a file"));
        assertThat(BoundedFiles.reason(new NoSuchFileException("x"))).isEqualTo("no such file");
        assertThat(BoundedFiles.reason(new AccessDeniedException("/some/path"))).isEqualTo("permission denied");
        assertThat(BoundedFiles.reason(new BoundedFiles.TooLargeException(folder, 1 << 20))).isEqualTo("is larger than 1 MiB");
        assertThat(BoundedFiles.reason(new IOException())).isEqualTo("IOException");
        assertThat(BoundedFiles.bytes(1500)).isEqualTo("1500 bytes");
        assertThat(BoundedFiles.bytes(16 << 20)).isEqualTo("16 MiB");
    }
}
