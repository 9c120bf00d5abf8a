package trainyard.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import trainyard.files.BoundedFiles;
import trainyard.train.Checkpoint;

/**
 * A run's checkpoint, `checkpoint.bin` in its folder, replaced atomically after every
 * epoch but the last and removed once the run's result is written. The layout is that
 * of a safetensors file (8 bytes little-endian header length, a JSON header, then raw
 * little-endian float32 data), with the run_id, the epoch, the step count, the history,
 * the scalars as exact 64-bit patterns and, last in the header, a CRC-32 of the whole
 * file as written with that CRC's eight digits as zeros: the header's figures are trusted
 * no more than the weights are.
 *
 * <p>A checkpoint of another run, or one that is cut short, corrupt or too large for the
 * heap, is never half-trusted: it is named in one warning and the run starts from scratch.
 */
public final class CheckpointFile implements Checkpoint.Store {
    public static final String FILE_NAME = "checkpoint.bin";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The header: everything but the arrays, whose [offset, length] in floats it lists. */
    record Header(String runId, int epoch, long iteration, long trainSecondsBits, List<RunResult.Epoch> history,
                  Map<String, Long> numberBits, Map<String, long[]> tensors, String crc) {
    }

    private final Path file;
    private final String runId;
    private final Consumer<String> warnings;
    private final int maxBytes;
    /** Set when something that is not a file sits at checkpoint.bin and cannot be moved. */
    private boolean disabled;

    /** A checkpoint bounded only by the heap (a third of it): for tests and tools that know no network. */
    public CheckpointFile(Path runFolder, String runId, Consumer<String> warnings) {
        this(runFolder, runId, warnings, Runtime.getRuntime().maxMemory() / 3);
    }

    /**
     * @param warnings told, in one line, of a checkpoint that cannot be used
     * @param maxBytes the most this run's checkpoint can be (its weights and optimizer state,
     *                 and room for the header): a larger file is judged by its size, unread
     */
    public CheckpointFile(Path runFolder, String runId, Consumer<String> warnings, long maxBytes) {
        this.file = runFolder.resolve(FILE_NAME);
        this.runId = runId;
        this.warnings = warnings;
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, Math.min(maxBytes, Runtime.getRuntime().maxMemory() / 3));
    }

    /** Room for a checkpoint's JSON header: its history, 65,000 epochs at about 250 bytes each. */
    public static final long HEADER_ALLOWANCE = 16L << 20;

    public Path file() {
        return file;
    }

    @Override
    public void save(Checkpoint checkpoint) {
        if (!clearedForSaving()) {
            return;
        }
        long floats = 0;
        Map<String, long[]> offsets = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> tensor : checkpoint.tensors().entrySet()) {
            offsets.put(tensor.getKey(), new long[] {floats, tensor.getValue().length});
            floats += tensor.getValue().length;
        }
        Map<String, Long> bits = new LinkedHashMap<>();
        checkpoint.numbers().forEach((name, value) -> bits.put(name, Double.doubleToRawLongBits(value)));
        try {
            // One buffer for the whole file (a large network's state is most of the heap it may use): the header's
            // CRC is fixed-width, so its length is known before the data it covers is written.
            byte[] header = header(checkpoint, bits, offsets, 0);
            int dataStart = 8 + header.length;
            ByteBuffer whole = ByteBuffer.allocate(Math.toIntExact(dataStart + floats * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            whole.position(dataStart);
            for (float[] values : checkpoint.tensors().values()) {
                whole.asFloatBuffer().put(values);
                whole.position(whole.position() + values.length * Float.BYTES);
            }
            whole.putLong(0, header.length).put(8, header);
            whole.put(8, header(checkpoint, bits, offsets, wholeFileCrc(whole.array(), header.length)));
            AtomicFiles.write(file, whole.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e instanceof AtomicFiles.WriteFailedException
                    || e instanceof java.nio.channels.ClosedByInterruptException ? e : new AtomicFiles.WriteFailedException(file, e));
        }
    }

    private byte[] header(Checkpoint checkpoint, Map<String, Long> bits, Map<String, long[]> offsets, long crc) throws JsonProcessingException {
        return JSON.writeValueAsBytes(new Header(runId, checkpoint.epoch(), checkpoint.iteration(),
                Double.doubleToRawLongBits(checkpoint.trainSeconds()),
                checkpoint.history().stream().map(RunResult.Epoch::of).toList(), bits, offsets, crcText(crc)));
    }

    private static final byte[] CRC_KEY = "\"crc\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The CRC-32 of the whole file with the header's CRC digits read as zeros. The CRC is the
     * header's last field (the record's order), so its digits are the last quoted value.
     */
    private static long wholeFileCrc(byte[] file, long headerLength) {
        int digits = 8 + (int) headerLength - 2 - 8; // the header ends with: "crc":"xxxxxxxx"}
        byte[] saved = java.util.Arrays.copyOfRange(file, digits, digits + 8);
        java.util.Arrays.fill(file, digits, digits + 8, (byte) '0');
        CRC32 crc = new CRC32();
        crc.update(file, 0, file.length);
        System.arraycopy(saved, 0, file, digits, 8);
        return crc.getValue();
    }

    /** Whether the header ends with its CRC field, where {@link #wholeFileCrc} looks for it. */
    private static boolean endsWithCrc(byte[] file, long headerLength) {
        int key = 8 + (int) headerLength - 2 - 8 - CRC_KEY.length;
        return headerLength >= CRC_KEY.length + 10 && file[8 + (int) headerLength - 1] == '}' && file[8 + (int) headerLength - 2] == '"'
                && java.util.Arrays.equals(file, key, key + CRC_KEY.length, CRC_KEY, 0, CRC_KEY.length);
    }

    /** A CRC-32 as 8 hex digits: the same width for every value. */
    private static String crcText(long crc) {
        return String.format(java.util.Locale.ROOT, "%08x", crc);
    }

    @Override
    public Optional<Checkpoint> latest() {
        if (!clearedForSaving()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, maxBytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return unusable("cannot be read: " + BoundedFiles.reason(e));
        }
        try {
            return Optional.of(parse(bytes));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return unusable(e.getMessage());
        }
    }

    private Checkpoint parse(byte[] bytes) throws JsonProcessingException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.length < 8 ? -1 : buffer.getLong();
        if (headerLength <= 0 || headerLength > bytes.length - 8) {
            throw new IllegalArgumentException("it is cut short (" + bytes.length + " bytes)");
        }
        Header header = JSON.readValue(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8), new TypeReference<Header>() { });
        if (header == null || !endsWithCrc(bytes, headerLength) || !crcText(wholeFileCrc(bytes, headerLength)).equals(header.crc())) {
            throw new IllegalArgumentException("it does not match its checksum");
        }
        if (!runId.equals(header.runId())) {
            throw new IllegalArgumentException("it belongs to run " + header.runId());
        }
        if (header.tensors() == null || header.numberBits() == null) {
            throw new IllegalArgumentException("its header lists no tensors or numbers");
        }
        int dataStart = 8 + (int) headerLength;
        long dataFloats = (bytes.length - dataStart) / Float.BYTES;
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : header.tensors().entrySet()) {
            long[] range = entry.getValue();
            if (range.length != 2 || range[0] < 0 || range[1] < 0 || range[0] + range[1] > dataFloats) {
                throw new IllegalArgumentException("tensor " + entry.getKey() + " lies outside its data");
            }
            float[] values = new float[(int) range[1]];
            ByteBuffer.wrap(bytes, dataStart + (int) range[0] * Float.BYTES, values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            tensors.put(entry.getKey(), values);
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        header.numberBits().forEach((name, bits) -> numbers.put(name, Double.longBitsToDouble(bits)));
        if (header.epoch() < 1 || header.iteration() < 0 || header.history() == null || header.history().size() != header.epoch()) {
            throw new IllegalArgumentException("its epoch, steps and history do not agree");
        }
        return new Checkpoint(header.epoch(), header.iteration(), Double.longBitsToDouble(header.trainSecondsBits()),
                header.history().stream().map(RunResult.Epoch::toTraining).toList(),
                tensors, numbers);
    }

    private Optional<Checkpoint> unusable(String reason) {
        warnings.accept("trainyard: warning: " + file + ": the checkpoint is not usable (" + reason + "); training from the first epoch");
        return Optional.empty();
    }

    /**
     * Whether checkpoint.bin is a regular file or absent. A folder, link or pipe in its place
     * is moved aside (it may be someone's), or, where it cannot be moved, the run trains
     * without checkpoints; either way in one line, and never as the run's failure.
     */
    private boolean clearedForSaving() {
        if (disabled || !Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                || Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return !disabled;
        }
        String what = Files.isDirectory(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "is a folder"
                : Files.isSymbolicLink(file) ? "is a symbolic link" : "is not a regular file";
        try {
            Path aside = AtomicFiles.setAside(file);
            warnings.accept("trainyard: warning: " + file + " " + what + ", not a checkpoint; moved to " + aside.getFileName());
            return true;
        } catch (IOException e) {
            disabled = true;
            warnings.accept("trainyard: warning: " + file + " " + what + " and cannot be moved aside ("
                    + BoundedFiles.reason(e) + "); training without checkpoints");
            return false;
        }
    }

    /** Removes the checkpoint once the run's result is written (or before training afresh). */
    public void remove() throws IOException {
        if (clearedForSaving()) {
            Files.deleteIfExists(file);
        }
    }
}
