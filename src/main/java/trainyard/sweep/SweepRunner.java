package trainyard.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import trainyard.config.ExperimentPlan;
import trainyard.config.Trial;
import trainyard.data.Dataset;
import trainyard.kernels.Kernels;
import trainyard.kernels.VectorHardware;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.train.EpochResult;
import trainyard.train.MemoryNeed;
import trainyard.train.TrainingListener;

/**
 * Runs a sweep's trials in parallel on one shared, read-only dataset. Cores are divided
 * between running trials (trials x threads per trial <= cores); results do not depend on
 * the division, since the kernels give the same bits on any number of threads.
 *
 * <p>Resumable: a trial with a finished result is skipped (unless --force, or
 * --rerun-failed for a failed or diverged one); a trial is claimed with a lock a dead
 * process cannot keep; sweep.json is rewritten atomically after every trial. Ctrl-C
 * abandons running trials without writing anything for them.
 */
public final class SweepRunner {
    public static final String SWEEP_FILE = "sweep.json";

    /** What to do with trials that already have a result, and whether to train at all. */
    public record Options(boolean force, boolean rerunFailed, boolean dryRun) {
    }

    /** How the sweep went; the command line turns it into an exit code. */
    public record Summary(int total, int completed, int failed, int diverged, boolean interrupted) {
    }

    private final ExperimentPlan plan;
    private final Dataset dataset;
    private final ResultStore store;
    private final TrialRunner runner;
    private final SweepConsole console;
    private final List<TrialState> states = new ArrayList<>();
    private final Object lock = new Object();
    private volatile boolean interrupted;
    private final java.util.concurrent.atomic.AtomicBoolean finalTablePrinted = new java.util.concurrent.atomic.AtomicBoolean();

    public SweepRunner(ExperimentPlan plan, Dataset dataset, ResultStore store, PrintStream out, boolean terminal) {
        this.plan = plan;
        this.dataset = dataset;
        this.store = store;
        this.console = new SweepConsole(out, terminal);
        this.runner = new TrialRunner(store, dataset, console::line);
        Map<String, TrialState> byRunId = new LinkedHashMap<>();
        for (Trial trial : plan.trials()) {
            String runId = runner.runId(trial.spec());
            byRunId.putIfAbsent(runId, new TrialState(trial, runId)); // two grid points with one config train once
        }
        states.addAll(byRunId.values());
    }

    public Summary run(Options options) throws IOException, InterruptedException {
        List<TrialState> toRun = new ArrayList<>();
        int doneBefore = 0;
        for (TrialState state : states) {
            RunResult finished = store.finished(plan.name(), state.runId).orElse(null);
            boolean retrain = options.force()
                    || (options.rerunFailed() && finished != null && !finished.isCompleted());
            if (finished != null && !retrain) {
                state.finish(finished);
                state.doneBefore = true;
                doneBefore++;
            } else {
                toRun.add(state);
            }
        }
        // Longest first: the last trials to start are then the short ones, so the workers
        // finish together instead of one waiting for another's long trial.
        Map<TrialState, Double> costs = new java.util.IdentityHashMap<>();
        toRun.forEach(state -> costs.put(state, estimatedCost(state, dataset)));
        toRun.sort(java.util.Comparator.comparingDouble((TrialState state) -> -costs.get(state)));
        int cores = Runtime.getRuntime().availableProcessors();
        int asked = Math.max(1, Math.min(plan.sweep().parallel() > 0 ? plan.sweep().parallel() : cores, Math.max(1, toRun.size())));
        // Trials at once must fit in the heap together; the largest trial to run sets how many.
        long fit = toRun.stream().mapToLong(state -> MemoryNeed.of(state.trial.spec(), dataset).runsThatFit(dataset)).min().orElse(asked);
        String memory = fit < asked ? " (memory fits " + Math.max(1, fit) + ")" : "";
        int parallel = (int) Math.max(1, Math.min(asked, fit));
        int threadsPerTrial = Kernels.vectorBitsOfThisMachine() == 0 ? 1 : Math.max(1, cores / parallel); // plain kernels: one thread
        console.line(String.format("%d trial%s, %d of %d already done; %d to run, %d at a time%s x %d thread%s; %s",
                states.size(), states.size() == 1 ? "" : "s", doneBefore, states.size(), toRun.size(), parallel, memory, threadsPerTrial,
                threadsPerTrial == 1 ? "" : "s", VectorHardware.thisMachine().describe()));
        if (options.dryRun()) {
            for (TrialState state : states) {
                String damaged = store.stored(plan.name(), state.runId) instanceof ResultStore.Stored.Damaged fault
                        ? "  (" + fault.describe() + "; it will be moved aside)" : "";
                console.line("  " + state.runId + "  " + (state.doneBefore ? "done (" + state.status.jsonName() + ")" : "to run    ")
                        + "  " + state.swept() + damaged);
            }
            return summary();
        }
        writeSweepFile();
        int alreadyDone = doneBefore;
        if (toRun.isEmpty()) {
            console.table(states);
            return summary();
        }

        ExecutorService pool = Executors.newFixedThreadPool(parallel, task -> {
            Thread thread = new Thread(task, "trainyard-trial");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "trainyard-board");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        int[] finishedNow = {0};
        ticker.scheduleAtFixedRate(() -> board(start, finishedNow[0], toRun.size(), parallel), 250, 250, TimeUnit.MILLISECONDS);
        Thread onInterrupt = new Thread(() -> {
            interrupted = true;
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker.shutdownNow();
            synchronized (lock) {
                states.stream().filter(s -> s.status == TrialState.Status.RUNNING).forEach(s -> s.status = TrialState.Status.INTERRUPTED);
            }
            console.line("Interrupted: running trials abandoned (nothing written for them); running the same command again trains them.");
            printFinalTable();
        }, "trainyard-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            // Each worker takes trials in order; one another process holds is put aside and
            // waited for only when nothing else is left, so two processes share a sweep.
            java.util.Queue<TrialState> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(toRun);
            java.util.Queue<TrialState> claimedElsewhere = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<Future<?>> futures = new ArrayList<>();
            for (int worker = 0; worker < parallel; worker++) {
                futures.add(pool.submit(() -> {
                    for (boolean waiting : new boolean[] {false, true}) {
                        TrialState state;
                        while ((state = (waiting ? claimedElsewhere : queue).poll()) != null) {
                            if (!runTrial(state, threadsPerTrial, options, waiting)) {
                                claimedElsewhere.add(state);
                                continue;
                            }
                            synchronized (lock) {
                                finishedNow[0]++;
                                console.finished(state, alreadyDone + finishedNow[0], states.size());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof CancellationException)) {
                        throw new IOException(e.getCause());
                    }
                }
            }
        } finally {
            ticker.shutdownNow();
            pool.shutdownNow();
            if (!interrupted) {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            }
        }
        if (!interrupted) { // else the Ctrl-C hook prints it, once it has marked the abandoned trials
            printFinalTable();
        }
        return summary();
    }

    /** The table of every trial, once: by the run's end, or by the Ctrl-C hook if that comes first. */
    private void printFinalTable() {
        if (finalTablePrinted.compareAndSet(false, true)) {
            synchronized (lock) {
                console.table(states);
            }
        }
    }

    /** Runs one trial; false when another process holds it and {@code wait} is false. */
    private boolean runTrial(TrialState state, int threads, Options options, boolean wait) throws IOException {
        synchronized (lock) {
            state.status = TrialState.Status.RUNNING;
            state.epochs = state.trial.spec().training().epochs();
        }
        TrialRunner.Report report = runner.run(state.trial.spec(), threads, options.force() || options.rerunFailed(), new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int epochs) {
                state.epoch = epoch;
            }

            @Override
            public void batchFinished(int samplesDone, int samplesTotal, double meanLoss, double meanAccuracy) {
                state.loss = meanLoss;
                state.accuracy = meanAccuracy;
            }

            @Override
            public void epochFinished(EpochResult result, int epochs) {
                state.loss = result.loss();
                state.accuracy = result.accuracy();
            }
        }, network -> { }, wait ? () -> console.line("  " + state.runId + " is being trained by another process; waiting for its result") : null);
        synchronized (lock) {
            if (report.outcome() == TrialRunner.Outcome.CLAIMED_ELSEWHERE) {
                state.status = TrialState.Status.PENDING;
                return false;
            }
            state.finish(report.result().orElseThrow());
            state.doneBefore = report.outcome() == TrialRunner.Outcome.ALREADY_DONE;
            writeSweepFile();
        }
        return true;
    }

    /**
     * A trial's cost in arbitrary units: multiply-adds over its epochs, plus a per-step
     * overhead that makes small batches dearer than their arithmetic (measured here: batch
     * 32 costs about 1.3x batch 100 for the same network).
     */
    static double estimatedCost(TrialState state, Dataset dataset) {
        var spec = state.trial.spec();
        long parameters = MemoryNeed.of(spec, dataset).parameters();
        double examples = dataset.train().count();
        double steps = examples / spec.training().batchSize();
        return spec.training().epochs() * (examples * parameters + steps * 2e6);
    }

    private void board(long start, int finished, int toRun, int parallel) {
        List<TrialState> running;
        synchronized (lock) {
            running = states.stream().filter(s -> s.status == TrialState.Status.RUNNING).toList();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = finished == 0 ? Double.NaN : elapsed / finished * (toRun - finished);
        console.board(running, states.size() - toRun + finished, states.size(), eta);
    }

    /** results/NAME/sweep.json: the sweep spec and every trial's run_id, values and status. */
    private void writeSweepFile() throws IOException {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("experiment", plan.name());
        file.put("file", plan.file().toString());
        file.put("sweep", plan.sweep());
        List<Map<String, Object>> trials = new ArrayList<>();
        for (TrialState state : states) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("run_id", state.runId);
            entry.put("values", state.trial.values());
            entry.put("status", state.status.jsonName());
            if (!Double.isNaN(state.testAccuracy())) {
                entry.put("test_accuracy", state.testAccuracy());
            }
            trials.add(entry);
        }
        file.put("trials", trials);
        file.put("updated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Path target = store.root().resolve(plan.name()).resolve(SWEEP_FILE);
        ResultStore.writeJson(target, file);
    }

    private Summary summary() {
        synchronized (lock) {
            int completed = 0, failed = 0, diverged = 0;
            for (TrialState state : states) {
                switch (state.status) {
                    case COMPLETED -> completed++;
                    case FAILED -> failed++;
                    case DIVERGED -> diverged++;
                    default -> { }
                }
            }
            return new Summary(states.size(), completed, failed, diverged, interrupted);
        }
    }
}
