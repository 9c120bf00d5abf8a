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
        assertThat(IdxFile.read(gz).data()).containsExactly(1);
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
        assertThat(locked.toFile().setReadable(false)).isTrue();
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(IdxFile.read(locked).data()).containsExactly(1); // root reads past permissions, as the kernel allows
        } else {
            assertThatThrownBy(() -> IdxFile.read(locked)).hasMessage(locked + ": cannot be read: permission denied");
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(bytes);
        }
        return zipped.toByteArray();
    }

    /** A gzipped file is read as its unpacked bytes: the same data, the same SHA-256 (of the IDX bytes), whatever its name. */
    @Test
    void aGzippedFileReadsAsTheFileItPacks() throws Exception {
        byte[] images = new byte[3 * 4 * 5];
        new java.util.Random(7).nextBytes(images);
        byte[] plainBytes = SyntheticIdx.idx(new int[] {3, 4, 5}, images);
        IdxFile plain = IdxFile.read(write("images", plainBytes));
        IdxFile packed = IdxFile.read(write("images-packed", gzip(plainBytes)));
        assertThat(packed.dimensions()).containsExactly(3, 4, 5);
        assertThat(packed.data()).isEqualTo(plain.data());
        assertThat(packed.sha256()).isEqualTo(plain.sha256());
    }

    @Test
    void aGzippedFileThatIsCutShortOrCarriesMoreIsRefused() throws Exception {
        byte[] plainBytes = SyntheticIdx.idx(new int[] {100, 10}, new byte[1000]);
        new java.util.Random(3).nextBytes(java.util.Arrays.copyOfRange(plainBytes, 12, plainBytes.length));
        byte[] packed = gzip(plainBytes);
        for (int length = 0; length < packed.length; length++) {
            Path cut = write("cut-" + length, Arrays.copyOf(packed, length));
            assertThatThrownBy(() -> IdxFile.read(cut)).as("cut at %d of %d bytes", length, packed.length)
                    .isInstanceOf(DataException.class).hasMessageStartingWith(cut + ": ");
        }
        Path shortData = write("short.gz", gzip(Arrays.copyOf(plainBytes, 500)));
        assertThatThrownBy(() -> IdxFile.read(shortData)).hasMessage(shortData + ": truncated: the header says 100x10 = 1000 bytes of data,"
                + " the file unpacks to 488");
        Path longer = write("longer.gz", gzip(Arrays.copyOf(plainBytes, plainBytes.length + 5)));
        assertThatThrownBy(() -> IdxFile.read(longer)).hasMessage(longer + ": unpacks to more than the 1000 bytes of data the header (100x10) describes");
        byte[] corrupt = packed.clone();
        corrupt[corrupt.length - 8] ^= 1; // the trailer's CRC-32 of the unpacked bytes
        Path damaged = write("damaged.gz", corrupt);
        assertThatThrownBy(() -> IdxFile.read(damaged)).hasMessageStartingWith(damaged + ": is not a valid gzip file");
    }

    /** A tiny file whose header claims more than DEFLATE could ever unpack from it is refused before anything is allocated. */
    @Test
    void aGzipBombIsRefusedFromItsSize() throws Exception {
        byte[] header = java.nio.ByteBuffer.allocate(16).putInt(0x0803).putInt(60_000).putInt(2_000).putInt(2_000).array();
        Path bomb = write("bomb.gz", gzip(header));
        assertThatThrownBy(() -> IdxFile.read(bomb)).hasMessageMatching(
                java.util.regex.Pattern.quote(bomb + ": the header says 60000x2000x2000 = 240000000000 bytes of data, more than a gzip file of ")
                        + "\\d+ bytes can hold");
        // A real bomb: 200 MB of zeros in a 200 KB file, under a header that tells the truth; read, bounded by the header.
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(java.nio.ByteBuffer.allocate(12).putInt(0x0802).putInt(10_000).putInt(20_000).array());
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                gzip.write(zeros);
            }
        }
        Path honest = write("honest.gz", zipped.toByteArray());
        assertThatThrownBy(() -> IdxFile.read(honest)).hasMessageContaining("unpacks to more than the 200000000 bytes");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = folder.resolve("nope");
        assertThatThrownBy(() -> IdxFile.read(missing)).hasMessage(missing + ": no such file");
    }
}
