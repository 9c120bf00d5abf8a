package trainyard.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The IDX reader (plain and gzipped) and the CSV reader against generated valid files and
 * their mutations: cut at any length, bits flipped, bytes overwritten, dimensions made
 * huge. Each read returns a value or one DataException naming the file; nothing else is
 * thrown, and nothing is allocated past what the file's size justifies (a 2 GB claim in a
 * small file is refused from its header). The mutations come from a seeded generator, so a
 * failure names its try and repeats.
 */
class DataReadersPropertyTest {
    private static final Path FOLDER = createFolder();

    private static Path createFolder() {
        try {
            Path folder = Files.createTempDirectory("trainyard-readers-");
            folder.toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] validIdx(int count, int side, long seed) {
        byte[] data = new byte[count * side * side];
        new java.util.Random(seed).nextBytes(data);
        return SyntheticIdx.idx(new int[] {count, side, side}, data);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One mutation of a valid file: cut short, a bit flipped, a run of bytes overwritten, or a dimension made huge. */
    record Mutation(int kind, int position, int value) {
        byte[] apply(byte[] valid) {
            byte[] bytes = valid.clone();
            int at = Math.floorMod(position, Math.max(1, bytes.length));
            return switch (kind) {
                case 0 -> Arrays.copyOf(bytes, at);
                case 1 -> {
                    bytes[at] ^= (byte) (1 << (value & 7));
                    yield bytes;
                }
                case 2 -> {
                    for (int i = at; i < Math.min(bytes.length, at + 1 + (value & 15)); i++) {
                        bytes[i] = (byte) (value >>> (i & 3));
                    }
                    yield bytes;
                }
                default -> {
                    // a dimension of the header (bytes 4..15) set to a large number
                    int dimension = 4 + 4 * Math.floorMod(value, 3);
                    if (bytes.length >= dimension + 4) {
                        java.nio.ByteBuffer.wrap(bytes).putInt(dimension, 0x7fff0000 | (value & 0xffff));
                    }
                    yield bytes;
                }
            };
        }
    }

    static Mutation mutation(SplittableRandom random) {
        return new Mutation(random.nextInt(4), random.nextInt(), random.nextInt());
    }

    private static void readsOrNamesTheFile(Path file, ThrowingRead read) {
        try {
            read.run();
        } catch (DataException e) {
            assertThat(e.getMessage()).startsWith(file.toString());
            assertThat(e.getMessage()).doesNotContain("\n");
        } catch (Exception e) {
            throw new AssertionError("the reader threw " + e + " for " + file, e);
        }
    }

    interface ThrowingRead {
        void run() throws Exception;
    }

    @Test
    void anIdxFileOrItsMutationReadsOrIsNamed() throws IOException {
        SplittableRandom random = new SplittableRandom(21);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int count = 1 + random.nextInt(6);
            Path file = Files.write(FOLDER.resolve("idx-" + attempt), mutation(random).apply(validIdx(count, 5, count)));
            readsOrNamesTheFile(file, () -> IdxFile.read(file));
            Files.delete(file);
        }
    }

    @Test
    void aGzippedIdxFileOrItsMutationReadsOrIsNamed() throws IOException {
        SplittableRandom random = new SplittableRandom(22);
        byte[] valid = validIdx(4, 5, 1);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            byte[] bytes = random.nextBoolean() ? mutation(random).apply(gzip(valid)) : gzip(mutation(random).apply(valid));
            Path file = Files.write(FOLDER.resolve("gz-" + attempt), bytes);
            readsOrNamesTheFile(file, () -> IdxFile.read(file));
            Files.delete(file);
        }
    }

    @Test
    void aCsvFileOrItsMutationReadsOrIsNamed() throws IOException {
        SplittableRandom random = new SplittableRandom(23);
        byte[] valid = "date,wind,\"note, quoted\",weather\n2012-01-01,4.7,\"a \"\"big\"\"\nday\",rain\n2012-01-02,3.1,calm,sun\n"
                .getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            Path file = Files.write(FOLDER.resolve("csv-" + attempt), mutation(random).apply(valid));
            readsOrNamesTheFile(file, () -> CsvFile.read(file, ','));
            Files.delete(file);
        }
    }

    @Test
    void aPngOrItsMutationIsPreparedOrNamed() throws IOException {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(40, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D pen = picture.createGraphics();
        pen.setColor(java.awt.Color.WHITE);
        pen.fillRect(0, 0, 40, 40);
        pen.setColor(java.awt.Color.BLACK);
        pen.fillRect(15, 5, 8, 30);
        pen.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(picture, "png", png);
        byte[] valid = png.toByteArray();
        SplittableRandom random = new SplittableRandom(24);
        for (int attempt = 0; attempt < 1_000; attempt++) {
            Path file = Files.write(FOLDER.resolve("png-" + attempt + ".png"), mutation(random).apply(valid));
            ImagePreparation preparation = random.nextBoolean() ? ImagePreparation.DIGIT : ImagePreparation.OBJECT;
            readsOrNamesTheFile(file, () -> assertThat(DigitImage.read(file, preparation)).hasSize(DigitImage.SIDE * DigitImage.SIDE));
            Files.delete(file);
        }
    }
}
