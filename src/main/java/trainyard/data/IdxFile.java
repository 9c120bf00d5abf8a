package trainyard.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import trainyard.files.BoundedFiles;

/**
 * One IDX file as LeCun's MNIST page defines it: two zero bytes, a type byte (0x08 for
 * unsigned bytes, the only type MNIST-like datasets use), the number of dimensions, one
 * big-endian int per dimension, then the data. A file may be gzipped (RFC 1952, as
 * Fashion-MNIST and most mirrors ship them): it is recognised by its magic bytes and
 * unpacked while it is read. Not a general tensor reader.
 *
 * @param dimensions e.g. {60000, 28, 28} for images, {60000} for labels
 * @param data       the unsigned bytes, row after row, as stored
 * @param sha256     of the IDX bytes (unpacked, for a gzipped file), so a run can name exactly
 *                   what it trained on, and a gzipped copy has the same sum as the original
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
            size = Math.multiplyExact(size, dimensions[i]); // bounded by the data's size, checked when read
        }
        return size;
    }

    /**
     * Reads and checks a file, hashing it on the way. The data goes straight into its final
     * array: MNIST's 47 MB of training images are never held twice.
     */
    public static IdxFile read(Path path) throws DataException {
        return read(path, null);
    }

    /**
     * As {@link #read(Path)}, but trusting a SHA-256 already known for this exact file
     * (its size and modification time unchanged) instead of hashing it again.
     */
    public static IdxFile read(Path path, String knownSha256) throws DataException {
        long size;
        try {
            if (Files.isDirectory(path)) {
                throw new DataException(path, "is a folder, not an IDX file");
            }
            BoundedFiles.requireRegularFile(path);
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new DataException(path, "no such file");
        } catch (IOException e) {
            throw new DataException(path, "cannot be read: " + BoundedFiles.reason(e));
        }
        boolean gzipped = isGzip(path);
        MessageDigest digest = knownSha256 == null ? sha256Digest() : null;
        java.io.InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (IOException e) {
            throw new DataException(path, "cannot be read: " + BoundedFiles.reason(e));
        }
        try (java.io.InputStream opened = gzipped ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw;
             DataInputStream in = new DataInputStream(new BufferedInputStream(digest == null ? opened : new DigestInputStream(opened, digest), 1 << 16))) {
            Contents contents = gzipped ? readGzipped(path, size, in) : readPlain(path, size, in);
            return new IdxFile(path, contents.dimensions(), contents.data(), digest == null ? knownSha256 : HexFormat.of().formatHex(digest.digest()));
        } catch (java.util.zip.ZipException e) {
            throw new DataException(path, "is not a valid gzip file: " + e.getMessage());
        } catch (java.io.EOFException e) {
            throw new DataException(path, "truncated: the gzip stream ends before the IDX header does");
        } catch (IOException e) {
            throw new DataException(path, "cannot be read: " + BoundedFiles.reason(e));
        }
    }

    private record Contents(int[] dimensions, byte[] data) {
    }

    /** Whether the file starts with gzip's magic bytes 1f 8b (RFC 1952), whatever its name. */
    private static boolean isGzip(Path path) throws DataException {
        try (java.io.InputStream in = Files.newInputStream(path)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            throw new DataException(path, "cannot be read: " + BoundedFiles.reason(e));
        }
    }

    /** An uncompressed file: its size must be exactly the header plus the data it describes. */
    private static Contents readPlain(Path path, long size, DataInputStream in) throws DataException, IOException {
        if (size < 4) {
            throw new DataException(path, "not an IDX file: only " + size + " bytes, shorter than the 4-byte magic number");
        }
        int[] dimensions = header(path, in.readInt(), size, in);
        long expected = elements(path, dimensions);
        long available = size - 4 - 4L * dimensions.length;
        String shape = shape(dimensions);
        if (available < expected) {
            throw new DataException(path, "truncated: the header says " + shape + " = " + expected + " bytes of data, the file has " + available);
        }
        if (available > expected) {
            throw new DataException(path, "has " + (available - expected) + " bytes after the " + expected + " bytes of data the header (" + shape + ") describes");
        }
        requireOneArray(path, expected);
        byte[] data = new byte[(int) expected];
        in.readFully(data);
        return new Contents(dimensions, data);
    }

    /**
     * The largest ratio DEFLATE reaches (RFC 1951: a 258-byte match in about 2 bits, 1032:1);
     * a header claiming more data than that from its file's size is a bomb or a lie, refused
     * before anything is allocated.
     */
    static final long MAX_DEFLATE_RATIO = 1032;

    /**
     * A gzipped file, decompressed as it is read and never unpacked to disk: the same header
     * checks, the data it claims bounded by what its compressed size can hold, then exactly
     * that much data and nothing after it.
     */
    private static Contents readGzipped(Path path, long compressedSize, DataInputStream in) throws DataException, IOException {
        int[] dimensions = header(path, in.readInt(), Long.MAX_VALUE, in);
        long expected = elements(path, dimensions);
        String shape = shape(dimensions);
        if (expected > compressedSize * MAX_DEFLATE_RATIO) {
            throw new DataException(path, "the header says " + shape + " = " + expected + " bytes of data, more than a gzip file of "
                    + compressedSize + " bytes can hold");
        }
        requireOneArray(path, expected);
        byte[] data = new byte[(int) expected];
        int done = 0;
        try {
            while (done < data.length) {
                int read = in.read(data, done, data.length - done);
                if (read < 0) {
                    throw new java.io.EOFException();
                }
                done += read;
            }
        } catch (java.io.EOFException e) {
            throw new DataException(path, "truncated: the header says " + shape + " = " + expected + " bytes of data, the file unpacks to " + done);
        }
        if (in.read() >= 0) {
            throw new DataException(path, "unpacks to more than the " + expected + " bytes of data the header (" + shape + ") describes");
        }
        return new Contents(dimensions, data);
    }

    private static void requireOneArray(Path path, long bytes) throws DataException {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new DataException(path, "holds " + bytes + " bytes of data, more than one Java array can");
        }
    }
    /** Checks the magic number and reads the dimensions. */
    private static int[] header(Path path, int magic, long size, DataInputStream in) throws DataException, IOException {
        if ((magic >>> 16) != 0) {
            String hint = (magic >>> 16) == 0x1f8b ? " (gzip inside gzip: unpack it once, e.g. gunzip)" : "";
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
        if (size < 4 + 4L * dimensionCount) {
            throw new DataException(path, "truncated: the header needs " + (4 + 4 * dimensionCount) + " bytes, the file has " + size);
        }
        int[] dimensions = new int[dimensionCount];
        for (int i = 0; i < dimensionCount; i++) {
            dimensions[i] = in.readInt();
            if (dimensions[i] <= 0) {
                throw new DataException(path, "IDX header gives dimension " + (i + 1) + " as " + dimensions[i] + "; expected a positive size");
            }
        }
        return dimensions;
    }

    /**
     * The bytes of data the header describes, in checked arithmetic: four dimensions of
     * 65536 multiply to 2^64, which wraps to 0 in a long and once passed for an empty file.
     */
    private static long elements(Path path, int[] dimensions) throws DataException {
        long product = 1;
        for (int dimension : dimensions) {
            try {
                product = Math.multiplyExact(product, dimension);
            } catch (ArithmeticException e) {
                throw new DataException(path, "IDX header gives " + shape(dimensions) + ", more bytes of data than any file holds");
            }
        }
        return product;
    }

    /** Parses a whole file held in memory (tests build files this way). */
    static IdxFile parse(Path path, byte[] bytes, String sha256) throws DataException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            if (bytes.length < 4) {
                throw new DataException(path, "not an IDX file: only " + bytes.length + " bytes, shorter than the 4-byte magic number");
            }
            int[] dimensions = header(path, in.readInt(), bytes.length, in);
            long expected = elements(path, dimensions);
            if (bytes.length - 4 - 4L * dimensions.length != expected) {
                throw new DataException(path, "the header says " + shape(dimensions) + " = " + expected + " bytes of data, the file has "
                        + (bytes.length - 4 - 4L * dimensions.length));
            }
            byte[] data = new byte[(int) expected];
            in.readFully(data);
            return new IdxFile(path, dimensions, data, sha256);
        } catch (IOException e) {
            throw new DataException(path, "cannot be read: " + BoundedFiles.reason(e));
        }
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
