package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    @TempDir
    Path folder;

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(folder.resolve(name), bytes);
    }

    @Test
    void readsImagesAndLabels() throws Exception {
        byte[] pixels = {1, 2, 3, 4, 5, 6, 7, 8};
        IdxFile images = IdxFile.read(write("images", SyntheticIdx.idx(new int[] {2, 2, 2}, pixels)));
        assertThat(images.dimensions()).containsExactly(2, 2, 2);
        assertThat(images.count()).isEqualTo(2);
        assertThat(images.itemSize()).isEqualTo(4);
        assertThat(images.data()).containsExactly(pixels);
        assertThat(images.sha256()).hasSize(64);
    }

    @Test
    void namesTheFileAndTheFaultForATruncatedFile() throws Exception {
        byte[] whole = SyntheticIdx.idx(new int[] {3, 2, 2}, new byte[12]);
        Path truncated = write("truncated", Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> IdxFile.read(truncated)).isInstanceOf(DataException.class)
                .hasMessage(truncated + ": truncated: the header says 3x2x2 = 12 bytes of data, the file has 7");
        Path headerOnly = write("header", Arrays.copyOf(whole, 10));
        assertThatThrownBy(() -> IdxFile.read(headerOnly)).hasMessageContaining("truncated: the header needs 16 bytes");
    }

    @Test
    void refusesTrailingBytes() throws Exception {
        byte[] whole = SyntheticIdx.idx(new int[] {2}, new byte[] {1, 2});
        Path longer = write("longer", Arrays.copyOf(whole, whole.length + 3));
        assertThatThrownBy(() -> IdxFile.read(longer)).hasMessageContaining("has 3 bytes after the 2 bytes of data");
    }

    @Test
    void recognisesForeignAndCompressedFiles() throws Exception {
        Path text = write("notes.txt", "hello, world".getBytes());
        assertThatThrownBy(() -> IdxFile.read(text)).hasMessageStartingWith(text + ": not an IDX file: magic number 0x68656c6c");
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(SyntheticIdx.idx(new int[] {1}, new byte[] {1}));
        }
        Path gz = write("labels.gz", zipped.toByteArray());
        assertThatThrownBy(() -> IdxFile.read(gz)).hasMessageContaining("looks gzip-compressed");
        Path empty = write("empty", new byte[0]);
        assertThatThrownBy(() -> IdxFile.read(empty)).hasMessageContaining("only 0 bytes");
    }

    @Test
    void refusesOtherDataTypesAndBadDimensions() throws Exception {
        byte[] floats = SyntheticIdx.idx(new int[] {1}, new byte[4]);
        floats[2] = 0x0D;
        Path floatFile = write("floats", floats);
        assertThatThrownBy(() -> IdxFile.read(floatFile)).hasMessageContaining("data type 0x0d is not supported");
        byte[] zero = SyntheticIdx.idx(new int[] {0, 28, 28}, new byte[0]);
        Path zeroFile = write("zero", zero);
        assertThatThrownBy(() -> IdxFile.read(zeroFile)).hasMessageContaining("dimension 1 as 0");
    }

    @Test
    void aHeaderWhoseSizeOverflowsOrExceedsTheFileIsRefusedBeforeAnyAllocation() throws Exception {
        // 4 x 65536 multiply to 2^64, which wrapped to 0 and matched a file with no data.
        byte[] wrapping = SyntheticIdx.idx(new int[] {65536, 65536, 65536, 65536}, new byte[0]);
        Path wrappingFile = write("wrapping", wrapping);
        assertThatThrownBy(() -> IdxFile.read(wrappingFile))
                .hasMessage(wrappingFile + ": IDX header gives 65536x65536x65536x65536, more bytes of data than any file holds");
        // An absurd claim in a 20-byte file: refused from the sizes alone.
        Path claim = write("claim", SyntheticIdx.idx(new int[] {2_000_000_000, 2_000_000_000, 2}, new byte[0]));
        assertThatThrownBy(() -> IdxFile.read(claim)).hasMessageContaining("truncated: the header says 2000000000x2000000000x2");
    }

    @Test
    void aFolderOrAnUnreadableFileSaysSo() throws Exception {
        assertThatThrownBy(() -> IdxFile.read(folder)).hasMessage(folder + ": is a folder, not an IDX file");
        Path locked = write("locked", SyntheticIdx.idx(new int[] {1}, new byte[] {1}));
        if (locked.toFile().setReadable(false) && !Files.isReadable(locked)) { // root reads anything
            assertThatThrownBy(() -> IdxFile.read(locked)).hasMessage(locked + ": cannot be read: permission denied");
        }
    }

    @Test
    void missingFileIsNamed() {
        Path missing = folder.resolve("nope");
        assertThatThrownBy(() -> IdxFile.read(missing)).hasMessage(missing + ": no such file");
    }
}
