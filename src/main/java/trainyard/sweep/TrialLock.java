package trainyard.sweep;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A claim on one trial: an operating-system lock on results/NAME/RUN_ID/.lock. The
 * kernel drops the lock when its process dies, even by kill -9, so a crashed owner never
 * blocks its successor; two live processes never hold it at once.
 */
final class TrialLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private TrialLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The claim, or empty when another live process (or thread) holds it. */
    static Optional<TrialLock> tryClaim(Path runFolder) throws IOException {
        Files.createDirectories(runFolder);
        Path file = runFolder.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0).write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes()));
            return Optional.of(new TrialLock(file, channel, lock));
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        // Delete while still holding the lock: a successor that opened the old file checks
        // for a result after it gets the lock, and finds this one's.
        Files.deleteIfExists(file);
        lock.release();
        channel.close();
    }
}
