package trainyard.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import trainyard.results.RunStatus;

/**
 * The trial threads, the live board and the Ctrl-C hook of one sweep command. Each pass
 * hands its trials to the workers in order; a trial another process holds is put aside
 * and waited for only when nothing else is left, so two processes share a sweep.
 */
final class SweepWorkers implements AutoCloseable {
    /** What the workers ask of the sweep they run. */
    interface Sweep {
        /** Runs one trial (to the budget, when halving); false when another process holds it and {@code wait} is false. */
        boolean runTrial(TrialState state, int threads, boolean wait, TrialRunner.RungBudget budget) throws IOException;

        /** Trials pruned by this command so far, which count as finished on the board. */
        int prunedNow();

        /** Ctrl-C has come: the sweep stops starting trials. */
        void interruptRequested();

        /** Ctrl-C, once the trials have stopped: the sweep records and reports where they were. */
        void interruptFinished();
    }

    private final Sweep sweep;
    private final Object lock;
    private final List<TrialState> states;
    private final SweepConsole console;
    private final int parallel;
    private final int threadsPerTrial;
    private final int doneBefore;
    private final int total;
    private final ExecutorService pool;
    private final ScheduledExecutorService ticker;
    private final Thread onInterrupt;
    private final long start = System.nanoTime();
    private volatile boolean interrupted;
    /** Set, under the lock, when the workers close: a board tick that comes later draws nothing. */
    private boolean boardStopped;
    private int finishedNow;
    private int passSize;
    private int passDone;

    /**
     * @param lock       what guards {@code states} and the trials' fields
     * @param doneBefore trials finished before this command, for the board's count
     * @param total      the sweep's trials, for the board's count (more than {@code states} while TPE still proposes)
     */
    SweepWorkers(Sweep sweep, Object lock, List<TrialState> states, SweepConsole console, int parallel, int threadsPerTrial, int doneBefore,
                 int total) {
        this.sweep = sweep;
        this.lock = lock;
        this.states = states;
        this.console = console;
        this.parallel = parallel;
        this.threadsPerTrial = threadsPerTrial;
        this.doneBefore = doneBefore;
        this.total = total;
        pool = Executors.newFixedThreadPool(parallel, task -> {
            Thread thread = new Thread(task, "trainyard-trial");
            thread.setDaemon(true);
            return thread;
        });
        ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "trainyard-board");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::board, 250, 250, TimeUnit.MILLISECONDS);
        onInterrupt = new Thread(() -> {
            interrupted = true;
            sweep.interruptRequested();
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (lock) {
                boardStopped = true;
            }
            ticker.shutdownNow();
            sweep.interruptFinished();
        }, "trainyard-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
    }

    /** Runs the trials on the workers and returns when all are done (or Ctrl-C stopped them). */
    void runAll(List<TrialState> trials, TrialRunner.RungBudget budget) throws IOException {
        synchronized (lock) {
            passSize = trials.size();
            passDone = 0;
        }
        java.util.Queue<TrialState> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(trials);
        java.util.Queue<TrialState> claimedElsewhere = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int worker = 0; worker < Math.min(parallel, Math.max(1, trials.size())); worker++) {
            futures.add(pool.submit(() -> {
                for (boolean waiting : new boolean[] {false, true}) {
                    TrialState state;
                    while ((state = (waiting ? claimedElsewhere : queue).poll()) != null) {
                        if (!sweep.runTrial(state, threadsPerTrial, waiting, budget)) {
                            claimedElsewhere.add(state);
                            continue;
                        }
                        synchronized (lock) {
                            passDone++;
                            if (state.settled(budget != null)) {
                                finishedNow++;
                            }
                            console.finished(state, doneBefore + finishedNow + sweep.prunedNow(), total);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            if (!awaited(future)) {
                return; // Ctrl-C: the hook reports it
            }
        }
    }

    /** Waits for one worker; false when Ctrl-C stopped it. */
    private static boolean awaited(Future<?> future) throws IOException {
        try {
            future.get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for trials", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof java.nio.channels.ClosedByInterruptException
                    || (e.getCause() instanceof java.io.UncheckedIOException unchecked
                            && unchecked.getCause() instanceof java.nio.channels.ClosedByInterruptException)) {
                return false; // Ctrl-C reached a trial while it wrote a file
            }
            if (e.getCause() instanceof IOException cause) {
                throw cause; // it names its file (a full disk, a result that cannot be written)
            }
            if (!(e.getCause() instanceof CancellationException)) {
                throw new IOException(e.getCause());
            }
            return true;
        } catch (CancellationException e) {
            return false;
        }
    }

    /**
     * Draws the board under the lock, so that a tick cannot draw it after close() (the
     * ticker's shutdown does not wait for a tick under way): it would land below the final
     * table, which is printed under the same lock.
     */
    private void board() {
        synchronized (lock) {
            if (boardStopped) {
                return;
            }
            List<TrialState> running = states.stream().filter(s -> s.status == RunStatus.RUNNING).toList();
            double elapsed = (System.nanoTime() - start) / 1e9;
            double eta = passDone == 0 ? Double.NaN : elapsed / passDone * (passSize - passDone);
            int done = doneBefore + finishedNow + sweep.prunedNow();
            console.board(running, done, total, eta);
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            boardStopped = true;
        }
        ticker.shutdownNow();
        pool.shutdownNow();
        if (!interrupted) {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        }
    }
}
