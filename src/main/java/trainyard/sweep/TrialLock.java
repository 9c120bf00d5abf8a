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
                if (Files.isRegularFile(claim, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setLastModifiedTime(claim, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
                }
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
        FileChannel channel = openLockFile(file);
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
        boolean claimed = false;
        try {
            claimed = claimFile(claim, claimText, java.time.Instant.now());
        } finally {
            if (!claimed) {
                if (lock != null) {
                    lock.release();
                }
                channel.close();
            }
        }
        return claimed ? Optional.of(owned(file, channel, lock, claim, claimText)) : Optional.empty();
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
                writeNew(claim, text);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                String holder;
                java.time.Instant touched;
                try {
                    if (!Files.isRegularFile(claim, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(claim); // a link, pipe or folder is no claim of ours: never read through it
                        continue;
                    }
                    holder = claimHolder(claim);
                    touched = Files.getLastModifiedTime(claim, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant();
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

    /** Makes the claim file (create-new never follows a link); a half-made one is removed again. */
    private static void writeNew(Path claim, String text) throws IOException {
        Files.createFile(claim);
        try {
            Files.write(claim, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            Files.deleteIfExists(claim);
            throw new trainyard.results.AtomicFiles.WriteFailedException(claim, e);
        }
    }

    /** A claim file names a host and a pid: a few dozen bytes; a larger one is nobody's live claim. */
    private static String claimHolder(Path claim) throws IOException {
        try {
            return new String(trainyard.files.BoundedFiles.read(claim, 1024), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (trainyard.files.BoundedFiles.TooLargeException e) {
            return "";
        }
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Opens (or makes) the lock file without following a link and without writing to it: in a
     * shared results folder a .lock that is a link, or a hard link to someone's file, must not
     * let Trainyard empty what it points to. The holder's name lives in the claim file, which is
     * only ever made new.
     */
    private static FileChannel openLockFile(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                throw new java.nio.file.FileSystemException(file.toString(), null,
                        "is a symbolic link; Trainyard never writes through links (remove it and run again)");
            }
            throw e;
        }
    }

    private static TrialLock owned(Path file, FileChannel channel, FileLock lock, Path claim, String claimText) {
        return new TrialLock(file, channel, lock, claim, claimText);
    }

    @Override
    public void close() throws IOException {
        heartbeat.cancel(false);
        try {
            if (Files.isRegularFile(claim, java.nio.file.LinkOption.NOFOLLOW_LINKS) && claimText.strip().equals(claimHolder(claim))) {
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
