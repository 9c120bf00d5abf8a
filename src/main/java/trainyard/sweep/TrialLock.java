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
 * blocks its successor; two live processes never hold it at once. A process that finds
 * the trial claimed waits for the lock, then finds the other's result (or, if the other
 * died, trains the trial itself).
 */
final class TrialLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";
    private static final long POLL_MILLIS = 200;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private TrialLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The claim, or empty when another live process (or thread of this one) holds it. */
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
            return Optional.of(owned(file, channel, lock));
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        }
    }

    /**
     * The claim, waiting as long as another holder keeps it ({@code waiting} is told once).
     * Polls rather than blocking in lock(), which within one JVM throws instead of waiting.
     * Interrupting the thread (Ctrl-C) ends the wait with a CancellationException.
     */
    static TrialLock claim(Path runFolder, Runnable waiting) throws IOException {
        boolean told = false;
        while (true) {
            Optional<TrialLock> claimed = tryClaim(runFolder);
            if (claimed.isPresent()) {
                return claimed.get();
            }
            if (!told) {
                waiting.run();
                told = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted while waiting for " + runFolder);
            }
        }
    }

    private static TrialLock owned(Path file, FileChannel channel, FileLock lock) throws IOException {
        channel.truncate(0).write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes()));
        return new TrialLock(file, channel, lock);
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
