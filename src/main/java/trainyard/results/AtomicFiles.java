package trainyard.results;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see the old content or the whole new content, never a
 * part: write a temporary file beside it, force it to disk, then rename over the target.
 * A crash leaves at most a `.tmp` file, which no reader takes for a result.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Temporary files are created owner-only; results are shared like any other file (rw-r--r--). */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    /**
     * Deletes the temporary files that writes interrupted by a crash left in folder. Only
     * for a folder whose files the caller alone writes (a trial's, under its lock): a
     * temporary file of a write still in progress elsewhere would go too.
     */
    public static void removeLeftovers(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (java.nio.file.DirectoryStream<Path> leftovers = Files.newDirectoryStream(folder, ".*.tmp")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /**
     * A file Trainyard could not write: the disk is full, the folder is read-only, or the
     * target is a folder. It names the file the user knows (not the temporary one) and is never
     * recorded as a run's failure: the configuration is not at fault, and the next run trains.
     */
    public static final class WriteFailedException extends IOException {
        private final Path target;

        public WriteFailedException(Path target, IOException cause) {
            super(describe(target, cause), cause);
            this.target = target;
        }

        public Path target() {
            return target;
        }

        private static String describe(Path target, IOException cause) {
            String reason = trainyard.files.BoundedFiles.reason(cause);
            if (reason.toLowerCase(java.util.Locale.ROOT).contains("no space left on device")) {
                return "disk full writing " + target + "; nothing was recorded, free some space and run the same command again";
            }
            return "cannot write " + target + ": " + reason;
        }
    }

    /**
     * Moves a damaged file (or a folder or pipe where a file belongs) aside to NAME.damaged-TIME
     * (UTC), so that training again never overwrites what the user may still want. Returns the
     * new path.
     */
    public static Path setAside(Path file) throws IOException {
        String time = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace(":", "");
        Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + time);
        for (int n = 2; Files.exists(aside, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            aside = file.resolveSibling(file.getFileName() + ".damaged-" + time + "-" + n);
        }
        return Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    }

    public static void write(Path target, byte[] content) throws IOException {
        try {
            replace(target, content);
        } catch (WriteFailedException | java.nio.channels.ClosedByInterruptException e) {
            throw e; // an interrupted write (Ctrl-C) is the interrupt's, not the file's fault
        } catch (IOException e) {
            throw new WriteFailedException(target, e);
        }
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        if (Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileSystemException(target.toString(), null, "is a folder, not a file");
        }
        Path temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
        try {
            readableByAll(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
