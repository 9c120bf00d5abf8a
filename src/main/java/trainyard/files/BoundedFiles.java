package trainyard.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads whole files of a bounded size, and says why a read failed. Deliberately not a
 * general I/O library: two methods, because every reader of user input needs exactly these.
 */
public final class BoundedFiles {

    private BoundedFiles() {
    }

    /** A file larger than its reader accepts; the message gives the limit. */
    public static final class TooLargeException extends IOException {
        private final long limit;

        TooLargeException(Path file, long limit) {
            super(file + " is larger than " + bytes(limit));
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /**
     * The whole file, if it has at most {@code maxBytes}: read in chunks up to one byte past
     * the limit, so a device or a pipe that never ends (/dev/zero) is refused as too large
     * instead of filling the heap.
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        requireRegularFile(file);
        if (Files.size(file) > maxBytes) {
            throw new TooLargeException(file, maxBytes); // judged by its size: a sparse 2 GB file is never read
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[(int) Math.min(maxBytes + 1L, 1 << 16)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > maxBytes) {
                        throw new TooLargeException(file, maxBytes);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes + 1L, 2L * buffer.length));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    return Arrays.copyOf(buffer, length);
                }
                length += read;
            }
        }
    }

    /**
     * Refuses a folder, a pipe, a socket or a device before it is opened: opening a FIFO
     * with no writer blocks forever, and a device has no size to bound. Links are followed
     * (a data folder may well be one); what they point to must be a regular file.
     */
    public static void requireRegularFile(Path file) throws IOException {
        java.nio.file.attribute.BasicFileAttributes attributes =
                Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new FileSystemException(file.toString(), null, "is a folder, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, "is not a regular file (a pipe, socket or device)");
        }
    }

    /**
     * Why reading failed, in a few words: "no such file", "permission denied", "is a folder,
     * not a file", "is larger than 1 MiB", or the operating system's own reason. (An
     * AccessDeniedException's message is only the path, which says nothing.)
     */
    public static String reason(IOException e) {
        if (e instanceof TooLargeException tooLarge) {
            return "is larger than " + bytes(tooLarge.limit());
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a folder on its path is a file";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason().toLowerCase(Locale.ROOT); // "Is a directory" reads "is a directory"
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** 1048576 → "1 MiB", 1500 → "1500 bytes". */
    static String bytes(long count) {
        if (count >= 1 << 20 && count % (1 << 20) == 0) {
            return count / (1 << 20) + " MiB";
        }
        if (count >= 1 << 10 && count % (1 << 10) == 0) {
            return count / (1 << 10) + " KiB";
        }
        return count + " bytes";
    }
}
