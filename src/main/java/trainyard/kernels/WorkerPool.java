package trainyard.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of helper threads that run the chunks of one job together with the
 * calling thread. Training hands over work a thousand times a second, so a helper
 * spins for the next job (a spinning hand-off measured 2x a ForkJoin pool here) and
 * parks only after a millisecond without one, so an idle pool does not burn a core.
 *
 * <p>Chunk c belongs to thread c mod threads (the caller is thread 0). Jobs split their
 * data the same way on every call, so each thread keeps touching the same part of the
 * weights, gradients and moments step after step, and those stay in its core's caches.
 * Claiming chunks first-come made the owner of each half change at random, which on a
 * 2-vCPU virtual machine left the memory-bound parts of a step 3-8x slower in about a
 * third of the runs (2-vCPU AMD EPYC hosts). The caller still takes over a chunk whose owner has
 * not started it after 20 µs (the owner is parked, or descheduled because another
 * process wants the core), so one slow thread cannot stall a job.
 *
 * <p>Each chunk's state is a word holding the job's number and UNCLAIMED, CLAIMED or
 * DONE. A thread runs a chunk only after a compare-and-set from (the job it saw,
 * UNCLAIMED) succeeds. The caller sets up no new job before every chunk of the last one
 * is DONE, so a successful claim proves the job a helper read is still the current one:
 * a helper that is late from an earlier job can never run a chunk of the wrong one.
 */
final class WorkerPool implements AutoCloseable {
    /** One job: run chunk number {@code chunk} of {@code chunks}. */
    interface Job {
        void run(int chunk);
    }

    /** How long a helper spins for the next job before it parks. */
    private static final long SPIN_NANOS = 1_000_000L;
    /** How long the caller waits for an owner to start its chunk before running it itself. */
    static final long STEAL_AFTER_NANOS = 20_000L;
    private static final long UNCLAIMED = 0;
    private static final long CLAIMED = 1;
    private static final long DONE = 2;

    private final long stealAfterNanos;
    private final Thread[] helpers;
    /** parked[h]: helper h is parked or about to park, so it needs an unpark to see a job. */
    private final AtomicInteger[] parked;
    /** Per chunk: job number << 2 | state. Replaced (never shrunk) when a job has more chunks. */
    private volatile AtomicLongArray states = new AtomicLongArray(0);
    private volatile Job job;
    private volatile int chunkCount;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int threads) {
        this(threads, STEAL_AFTER_NANOS);
    }

    /** @param stealAfterNanos Long.MAX_VALUE never takes a chunk from its owner (for tests of the assignment) */
    WorkerPool(int threads, long stealAfterNanos) {
        this.stealAfterNanos = stealAfterNanos;
        helpers = new Thread[Math.max(0, threads - 1)];
        parked = new AtomicInteger[helpers.length];
        for (int i = 0; i < helpers.length; i++) {
            int thread = i + 1;
            parked[i] = new AtomicInteger();
            helpers[i] = new Thread(() -> helperLoop(thread), "trainyard-kernel-" + thread);
            helpers[i].setDaemon(true);
            helpers[i].start();
        }
    }

    /**
     * Where chunk {@code chunk} of {@code chunks} starts when {@code total} units are shared
     * out evenly (chunk == chunks gives the end): the same split on every call, so every
     * unit is always computed by the same operations, on the same thread.
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
        AtomicLongArray chunkStates = states;
        if (chunkStates.length() < chunks) {
            chunkStates = new AtomicLongArray(chunks);
            states = chunkStates;
        }
        for (int chunk = 0; chunk < chunks; chunk++) {
            chunkStates.set(chunk, current << 2 | UNCLAIMED);
        }
        failure = null;
        job = work;
        chunkCount = chunks;
        generation = current; // publishes the job to the helpers
        for (int h = 0; h < helpers.length; h++) {
            // Sequentially consistent with the helper's "set parked, then check generation":
            // either it sees the new job, or we see it parked and wake it.
            if (parked[h].get() != 0) {
                LockSupport.unpark(helpers[h]);
            }
        }
        runOwnChunks(0, current, chunkStates, work, chunks);
        for (int chunk = 0; chunk < chunks; chunk++) {
            if (chunk % threads() != 0) {
                awaitOrSteal(chunk, current, chunkStates, work);
            }
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

    /** Waits for a helper's chunk to be done; runs it here if its owner has not started it in time. */
    private void awaitOrSteal(int chunk, long current, AtomicLongArray chunkStates, Job work) {
        long unclaimed = current << 2 | UNCLAIMED;
        long done = current << 2 | DONE;
        long waitStart = 0;
        int spins = 0;
        long state;
        while ((state = chunkStates.get(chunk)) != done) {
            if (state == unclaimed && (++spins & 63) == 0) {
                long now = System.nanoTime();
                if (waitStart == 0) {
                    waitStart = now;
                } else if (now - waitStart > stealAfterNanos) {
                    runIfUnclaimed(chunk, current, chunkStates, work);
                }
            }
            Thread.onSpinWait();
        }
    }

    private void runOwnChunks(int thread, long current, AtomicLongArray chunkStates, Job work, int chunks) {
        for (int chunk = thread; chunk < chunks; chunk += threads()) {
            runIfUnclaimed(chunk, current, chunkStates, work);
        }
    }

    /** Claims the chunk for this job and runs it, unless another thread (or a later job) has it. */
    private void runIfUnclaimed(int chunk, long current, AtomicLongArray chunkStates, Job work) {
        if (!chunkStates.compareAndSet(chunk, current << 2 | UNCLAIMED, current << 2 | CLAIMED)) {
            return;
        }
        try {
            work.run(chunk);
        } catch (Throwable thrown) {
            failure = thrown;
        } finally {
            chunkStates.set(chunk, current << 2 | DONE);
        }
    }

    private void helperLoop(int thread) {
        AtomicInteger myParked = parked[thread - 1];
        long seen = 0;
        while (true) {
            long spinStart = System.nanoTime();
            int spins = 0;
            while (generation == seen && !closed) {
                if ((++spins & 1023) == 0 && System.nanoTime() - spinStart > SPIN_NANOS) {
                    myParked.set(1);
                    if (generation == seen && !closed) {
                        LockSupport.park(this);
                    }
                    myParked.set(0);
                    spinStart = System.nanoTime();
                } else {
                    Thread.onSpinWait();
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            // Read before the job: if these belong to a later job, every claim below fails.
            AtomicLongArray chunkStates = states;
            int chunks = chunkCount;
            Job work = job;
            if (work != null) {
                for (int chunk = thread; chunk < Math.min(chunks, chunkStates.length()); chunk += threads()) {
                    runIfUnclaimed(chunk, seen, chunkStates, work);
                }
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
