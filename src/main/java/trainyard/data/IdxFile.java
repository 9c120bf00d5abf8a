package trainyard.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One IDX file as LeCun's MNIST page defines it: two zero bytes, a type byte (0x08 for
 * unsigned bytes, the only type MNIST-like datasets use), the number of dimensions, one
 * big-endian int per dimension, then the data. Not a general tensor reader.
 *
 * @param dimensions e.g. {60000, 28, 28} for images, {60000} for labels
 * @param data       the unsigned bytes, row after row, as stored
 * @param sha256     of the whole file, so a run can name exactly what it trained on
 */
public record IdxFile(Path path, int[] dimensions, byte[] data, String sha256) {
    private static final int UNSIGNED_BYTE = 0x08;

    public int count() {
        return dimensions[0];
    }

    /** Bytes per item: 784 for a 28x28 image, 1 for a label. */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dimensions.length; i++) {
            size *= dimensions[i];
        }
        return size;
    }

    public static IdxFile read(Path path) throws DataException {
        byte[] bytes;
        MessageDigest digest = sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new DataException(path, "no such file");
        } catch (IOException e) {
            throw new DataException(path, "cannot be read: " + e.getMessage());
        }
        return parse(path, bytes, HexFormat.of().formatHex(digest.digest()));
    }

    static IdxFile parse(Path path, byte[] bytes, String sha256) throws DataException {
        if (bytes.length < 4) {
            throw new DataException(path, "not an IDX file: only " + bytes.length + " bytes, shorter than the 4-byte magic number");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes); // big-endian, as IDX is
        int magic = buffer.getInt();
        if ((magic >>> 16) != 0) {
            String hint = (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b ? " (this looks gzip-compressed: decompress it first, e.g. gunzip)" : "";
            throw new DataException(path, String.format("not an IDX file: magic number 0x%08x, expected 0x0000TTDD (type, dimensions)%s", magic, hint));
        }
        int type = (magic >>> 8) & 0xff;
        int dimensionCount = magic & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataException(path, String.format("IDX data type 0x%02x is not supported; expected 0x08 (unsigned byte) as MNIST uses", type));
        }
        if (dimensionCount < 1 || dimensionCount > 4) {
            throw new DataException(path, "IDX header gives " + dimensionCount + " dimensions; expected 1 (labels) to 4 (images)");
        }
        if (bytes.length < 4 + 4 * dimensionCount) {
            throw new DataException(path, "truncated: the header needs " + (4 + 4 * dimensionCount) + " bytes, the file has " + bytes.length);
        }
        int[] dimensions = new int[dimensionCount];
        long expected = 1;
        for (int i = 0; i < dimensionCount; i++) {
            dimensions[i] = buffer.getInt();
            if (dimensions[i] <= 0) {
                throw new DataException(path, "IDX header gives dimension " + (i + 1) + " as " + dimensions[i] + "; expected a positive size");
            }
            expected *= dimensions[i];
        }
        long available = bytes.length - buffer.position();
        String shape = shape(dimensions);
        if (available < expected) {
            throw new DataException(path, "truncated: the header says " + shape + " = " + expected + " bytes of data, the file has " + available);
        }
        if (available > expected) {
            throw new DataException(path, "has " + (available - expected) + " bytes after the " + expected + " bytes of data the header (" + shape + ") describes");
        }
        byte[] data = new byte[(int) expected];
        buffer.get(data);
        return new IdxFile(path, dimensions, data, sha256);
    }

    static String shape(int[] dimensions) {
        StringBuilder text = new StringBuilder();
        for (int dimension : dimensions) {
            text.append(text.isEmpty() ? "" : "x").append(dimension);
        }
        return text.toString();
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
