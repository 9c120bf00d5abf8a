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
 *
 * <p>Between machines that lock holds only where the shared file system passes POSIX locks
 * on (NFSv4, not NFSv3 without lockd). So the holder also keeps a claim file, .claim, made
 * with an atomic create-new and naming its host and pid, touched every minute while held.
 * Another machine that gets the lock but finds a claim touched in the last five minutes
 * leaves the trial alone; a claim from this machine (whose holder cannot be alive, since
 * the lock was free) or an untouched one is stale and taken over.
 */
final class TrialLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";
    static final String CLAIM_FILE = ".claim";
    private static final long POLL_MILLIS = 200;
    static final java.time.Duration HEARTBEAT = java.time.Duration.ofMinutes(1);
    static final java.time.Duration STALE = java.time.Duration.ofMinutes(5);
    private static final String HOST = hostName();
    private static final java.util.concurrent.ScheduledExecutorService HEARTBEATS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "trainyard-claim-heartbeat");
                thread.setDaemon(true);
                return thread;
            });

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path claim;
    private final String claimText;
    private final java.util.concurrent.ScheduledFuture<?> heartbeat;

    private TrialLock(Path file, FileChannel channel, FileLock lock, Path claim, String claimText) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.claim = claim;
        this.claimText = claimText;
        long period = HEARTBEAT.toMillis();
        this.heartbeat = HEARTBEATS.scheduleAtFixedRate(() -> {
            try {
                Files.setLastModifiedTime(claim, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            } catch (IOException e) {
                // the next beat tries again; a claim left untouched only lets another machine take over later
            }
        }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** The claim, or empty when another live process (or thread of this one) holds it. */
    static Optional<TrialLock> tryClaim(Path runFolder) throws IOException {
        Files.createDirectories(runFolder);
        Path file = runFolder.resolve(FILE_NAME);
        Path claim = runFolder.resolve(CLAIM_FILE);
        String claimText = HOST + " " + ProcessHandle.current().pid() + "\n";
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = null;
        try {
            lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
        } catch (OverlappingFileLockException e) {
            channel.close();
            return Optional.empty();
        } catch (IOException noLocks) {
            // The file system has no locks (NFSv3 without lockd): the claim file alone decides.
        }
        if (!claimFile(claim, claimText, java.time.Instant.now())) {
            if (lock != null) {
                lock.release();
            }
            channel.close();
            return Optional.empty();
        }
        return Optional.of(owned(file, channel, lock, claim, claimText));
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

    /**
     * Makes the claim file (atomic create-new), taking over a stale one; false when a live
     * holder on another machine has it.
     */
    static boolean claimFile(Path claim, String text, java.time.Instant now) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.write(claim, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                String holder;
                java.time.Instant touched;
                try {
                    holder = Files.readString(claim).strip();
                    touched = Files.getLastModifiedTime(claim).toInstant();
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // released meanwhile: try again
                }
                if (holder.startsWith(HOST + " ")) {
                    // This machine's: alive only if its process is (it cannot be, where the lock works).
                    long pid = parsePid(holder.substring(HOST.length() + 1));
                    if (pid != ProcessHandle.current().pid() && pid > 0 && ProcessHandle.of(pid).isPresent()) {
                        return false;
                    }
                } else if (touched.isAfter(now.minus(STALE))) {
                    return false; // another machine's, touched lately
                }
                Files.deleteIfExists(claim); // stale: its holder died, or stopped touching it
            }
        }
        return false;
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static TrialLock owned(Path file, FileChannel channel, FileLock lock, Path claim, String claimText) throws IOException {
        channel.truncate(0).write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes()));
        return new TrialLock(file, channel, lock, claim, claimText);
    }

    @Override
    public void close() throws IOException {
        heartbeat.cancel(false);
        try {
            if (claimText.equals(Files.readString(claim))) {
                Files.deleteIfExists(claim);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // taken over as stale by another machine: not ours to remove
        }
        // Delete while still holding the lock: a successor that opened the old file checks
        // for a result after it gets the lock, and finds this one's.
        Files.deleteIfExists(file);
        if (lock != null) {
            lock.release();
        }
        channel.close();
    }
}
