package trainyard.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of helper threads that run the chunks of one job together with the
 * calling thread. Training hands over work a thousand times a second, so a worker
 * spins briefly for the next job (a spinning hand-off measured 2x a ForkJoin pool here)
 * and then parks, so an idle pool does not burn a core between runs.
 */
final class WorkerPool implements AutoCloseable {
    /** One job: run chunk number {@code chunk} of {@code chunks}. */
    interface Job {
        void run(int chunk);
    }

    /** About 50 µs of spinning before a worker parks. */
    private static final int SPINS_BEFORE_PARK = 400_000;
    /** A chunk number no job reaches: claiming is closed while a job is being set up. */
    private static final long CLOSED = Integer.MAX_VALUE;

    private final Thread[] helpers;
    /**
     * The job's number in the high 32 bits, the next unclaimed chunk in the low 32: a
     * helper that is late from the previous job cannot claim a chunk of the next one.
     */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger unfinished = new AtomicInteger();
    private volatile Job job;
    private volatile int chunkCount;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int threads) {
        helpers = new Thread[Math.max(0, threads - 1)];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Thread(this::helperLoop, "trainyard-kernel-" + (i + 1));
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
    }

    /**
     * Where chunk {@code chunk} of {@code chunks} starts when {@code total} units are shared
     * out evenly (chunk == chunks gives the end): the same split on every call, so every
     * unit is always computed by the same operations.
     */
    static int share(int total, int chunk, int chunks) {
        return (int) ((long) total * chunk / chunks);
    }

    int threads() {
        return helpers.length + 1;
    }

    /** Runs chunks 0..chunks-1 of the job on the pool and the calling thread; returns when all are done. */
    void run(int chunks, Job work) {
        if (helpers.length == 0 || chunks <= 1) {
            for (int chunk = 0; chunk < chunks; chunk++) {
                work.run(chunk);
            }
            return;
        }
        long current = generation + 1;
        // Close claiming first: a helper late from the previous job may have read the old
        // claim word and must fail its compare-and-set once job and chunkCount change.
        claims.set(current << 32 | CLOSED);
        failure = null;
        job = work;
        chunkCount = chunks;
        unfinished.set(chunks);
        claims.set(current << 32);
        generation = current; // publishes the job to the helpers
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
        runChunks(current);
        while (unfinished.get() > 0) {
            Thread.onSpinWait();
        }
        job = null;
        Throwable thrown = failure;
        if (thrown != null) {
            if (thrown instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(thrown);
        }
    }

    private void runChunks(long jobNumber) {
        while (true) {
            long claim = claims.get();
            int chunk = (int) claim;
            if ((claim >>> 32) != jobNumber || chunk >= chunkCount) {
                return;
            }
            if (!claims.compareAndSet(claim, claim + 1)) {
                continue;
            }
            try {
                job.run(chunk);
            } catch (Throwable thrown) {
                failure = thrown;
            } finally {
                unfinished.decrementAndGet();
            }
        }
    }

    private void helperLoop() {
        long seen = 0;
        while (!closed) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 1_000_000);
                }
            }
            seen = generation;
            if (!closed) {
                runChunks(seen);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread helper : helpers) {
            LockSupport.unpark(helper);
        }
    }
}
