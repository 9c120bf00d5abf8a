package trainyard.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trainyard.config.ConfigException;
import trainyard.config.ExperimentPlan;
import trainyard.config.HalvingSchedule;
import trainyard.config.SweepSpec;
import trainyard.config.Trial;
import trainyard.data.Dataset;
import trainyard.kernels.Kernels;
import trainyard.kernels.VectorHardware;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.results.RunStatus;
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

    /** What to do with trials that already have a result, and whether to train at all. */
    public record Options(boolean force, boolean rerunFailed, boolean dryRun) {
    }

    /** How the sweep went; the command line turns it into an exit code. */
    public record Summary(int total, int completed, int failed, int diverged, int pruned, boolean interrupted, boolean handedOver) {
    }

    private final ExperimentPlan plan;
    private final Dataset dataset;
    private final ResultStore store;
    private final TrialRunner runner;
    private final SweepConsole console;
    private final List<TrialState> states = new ArrayList<>();
    private final List<SweepFile.RungDecision> decisions = new ArrayList<>();
    /** Trials pruned by this command, which count as finished on the board. */
    private int prunedNow;
    /** A rung was handed over to be trained elsewhere: the sweep goes on when this command runs again. */
    private volatile boolean handedOver;
    private final Object lock = new Object();
    /** A TPE sweep's batches, which propose its trials after the random starts; null in other sweeps. */
    private final TpeBatches tpe;
    /** This command's options, once run() has them. */
    private Options options;
    private volatile boolean interrupted;
    private final java.util.concurrent.atomic.AtomicBoolean finalTablePrinted = new java.util.concurrent.atomic.AtomicBoolean();

    public SweepRunner(ExperimentPlan plan, Dataset dataset, ResultStore store, PrintStream out, boolean terminal) {
        this(plan, dataset, store, out, terminal, trainyard.train.ConsoleProgress.ASSUMED_COLUMNS);
    }

    /** @param columns the terminal's width now, which each redraw of the live board fits */
    public SweepRunner(ExperimentPlan plan, Dataset dataset, ResultStore store, PrintStream out, boolean terminal,
                       java.util.function.IntSupplier columns) {
        this.plan = plan;
        this.dataset = dataset;
        this.store = store;
        this.console = new SweepConsole(out, terminal, columns);
        this.runner = new TrialRunner(store, dataset, console::line);
        Map<String, TrialState> byRunId = new LinkedHashMap<>();
        for (Trial trial : plan.trials()) {
            String runId = runner.runId(trial.spec());
            byRunId.putIfAbsent(runId, new TrialState(trial, runId)); // two grid points with one config train once
        }
        states.addAll(byRunId.values());
        tpe = plan.sweep() != null && plan.sweep().tpe() != null ? new TpeBatches(plan, states, lock, trial -> {
            TrialState state = new TrialState(trial, runner.runId(trial.spec()));
            lookUp(state, this.options, plan.sweep().halving() != null);
            return state;
        }) : null;
    }

    public Summary run(Options options) throws IOException, InterruptedException, ConfigException {
        return run(options, null);
    }

    /**
     * @param remote for a halving or TPE sweep, where its rungs or batches train instead of here; the
     *               command then decides every rung (proposes every batch) already trained, hands the
     *               next one over and ends
     */
    public Summary run(Options options, RemoteTrials remote) throws IOException, InterruptedException, ConfigException {
        this.options = options;
        SweepSpec.Halving halving = plan.sweep() == null ? null : plan.sweep().halving();
        int total = tpe == null ? states.size() : tpe.trials();
        List<HalvingSchedule.Bracket> brackets = halving == null ? List.of() : halving.brackets(total);
        states.forEach(state -> lookUp(state, options, halving != null));
        int firstBatch = tpe == null ? 0 : tpe.proposeSettled(); // its proposals look their results up as they are made
        int doneBefore = (int) states.stream().filter(state -> state.doneBefore).count();
        List<TrialState> toRun = states.stream().filter(state -> !state.settled(halving != null)).toList();
        Pace pace = pace(toRun, total - doneBefore);
        String rungs = (tpe != null ? " (" + tpe.describe() + ")" : "") + (halving != null ? ", " + SweepConsole.halvingPlan(brackets, halving) : "");
        console.line(String.format("%d trial%s%s, %d of %d already done; %d to run, %d at a time%s x %d thread%s; %s",
                total, total == 1 ? "" : "s", rungs, doneBefore, total, total - doneBefore, pace.parallel(), pace.memory(), pace.threadsPerTrial(),
                pace.threadsPerTrial() == 1 ? "" : "s", VectorHardware.thisMachine().describe()));
        if (options.dryRun()) {
            listTrials(halving != null, total);
            return summary();
        }
        writeSweepFile();
        if (toRun.isEmpty() && halving == null && states.size() == total) {
            console.table(states);
            return summary();
        }
        HalvingBrackets rungLoop = halving == null ? null
                : new HalvingBrackets(halving, brackets, states, lock, dataset, tpe, console, new RungOutcomes());
        if (remote != null && halving != null) {
            return handOver(remote, rungLoop);
        }
        if (remote != null && tpe != null) {
            return handOver(remote, firstBatch);
        }
        try (SweepWorkers workers = new SweepWorkers(new Hosted(), lock, states, console, pace.parallel(), pace.threadsPerTrial(), doneBefore,
                total)) {
            if (rungLoop != null) {
                rungLoop.run((trials, budget) -> {
                    workers.runAll(trials, budget);
                    return !interrupted;
                });
            } else if (tpe != null) {
                tpe.run(firstBatch, Integer.MAX_VALUE, trials -> {
                    writeSweepFile();
                    workers.runAll(trials, null);
                    return !interrupted;
                });
            } else {
                workers.runAll(LongestFirst.order(toRun, dataset, state -> state.trial.spec().training().epochs()), null);
            }
        }
        if (!interrupted) { // else the Ctrl-C hook prints it, once it has marked the abandoned trials
            printFinalTable();
        }
        return summary();
    }

    /** How many trials train at once, with how many threads each, and what memory allowed ("" or " (memory fits 2)"). */
    private record Pace(int parallel, int threadsPerTrial, String memory) {
    }

    /** @param left trials left to train: with TPE, more than {@code toRun}, and at most a batch of them at once */
    private Pace pace(List<TrialState> toRun, int left) {
        int cores = Runtime.getRuntime().availableProcessors();
        int asked = Math.max(1, Math.min(plan.sweep().parallel() > 0 ? plan.sweep().parallel() : cores,
                Math.max(1, tpe == null ? toRun.size() : Math.min(tpe.batchSize(), left))));
        // Trials at once must fit in the heap together; the largest trial to run sets how many.
        long fit = toRun.stream().mapToLong(state -> MemoryNeed.of(state.trial.spec(), dataset).runsThatFit(dataset)).min().orElse(asked);
        int parallel = (int) Math.max(1, Math.min(asked, fit));
        int threadsPerTrial = Kernels.vectorBitsOfThisMachine() == 0 ? 1 : Math.max(1, cores / parallel); // plain kernels: one thread
        return new Pace(parallel, threadsPerTrial, fit < asked ? " (memory fits " + Math.max(1, fit) + ")" : "");
    }

    /** Takes a trial's stored result unless it is to be trained again. */
    private void lookUp(TrialState state, Options options, boolean halving) {
        if (store.stored(plan.name(), state.runId) instanceof ResultStore.Stored.Valid valid && valid.result().status() != null) {
            RunResult stored = valid.result();
            boolean retrain = options.force() || (options.rerunFailed() && stored.status().isFailure());
            state.retrain = retrain;
            if (!retrain) {
                state.found(stored);
                state.doneBefore = state.settled(halving);
            }
        } else {
            state.retrain = options.force();
        }
    }

    /** --dry-run: each trial's standing, in one line each. */
    private void listTrials(boolean halving, int total) {
        for (TrialState state : states) {
            String damaged = store.stored(this.plan.name(), state.runId) instanceof ResultStore.Stored.Damaged fault
                    ? "  (" + fault.describe() + "; it will be moved aside)" : "";
            String standing = state.settled(halving) ? "done (" + state.status.jsonName() + ")"
                    : state.status.isAtRung() ? state.status.jsonName() + " at epoch " + state.result.epochsDone() : "to run";
            console.line("  " + state.runId + "  " + String.format("%-10s", standing) + "  " + state.swept() + damaged);
        }
        if (states.size() < total) {
            console.line("  and " + (total - states.size()) + " more, which TPE proposes from the figures of the trials before them");
        }
    }

    /** Halving on a cluster: decides the rungs already trained, hands the next rung's trials over, and returns. */
    private Summary handOver(RemoteTrials remote, HalvingBrackets rungLoop) throws IOException, InterruptedException, ConfigException {
        if (rungLoop.run((trials, budget) -> {
            if (trials.isEmpty()) {
                return true;
            }
            console.line(remote.submit(trials.stream().map(state -> state.runId).toList(), budget, sweepTrials()));
            handedOver = true;
            return false;
        })) {
            printFinalTable();
        }
        return summary();
    }

    /** TPE on a cluster: proposes the batches already trained again, hands the next batch over, and returns. */
    private Summary handOver(RemoteTrials remote, int firstBatch) throws IOException, InterruptedException, ConfigException {
        if (tpe.run(firstBatch, Integer.MAX_VALUE, trials -> {
            writeSweepFile();
            if (trials.isEmpty()) {
                return true;
            }
            console.line(remote.submit(trials.stream().map(state -> state.runId).toList(), null, sweepTrials()));
            handedOver = true;
            return false;
        })) {
            printFinalTable();
        }
        return summary();
    }

    private List<Trial> sweepTrials() {
        synchronized (lock) {
            return states.stream().map(state -> state.trial).toList();
        }
    }

    /** What halving's rungs do to this sweep: prune a trial, record a decision, and whether Ctrl-C came. */
    private final class RungOutcomes implements HalvingBrackets.Outcomes {
        @Override
        public void pruned(TrialState state, int rung) throws IOException {
            state.found(runner.prune(state.trial.spec(), state.result, rung));
            prunedNow++;
        }

        @Override
        public void decided(SweepFile.RungDecision decision) throws IOException {
            decisions.add(decision);
            writeSweepFile();
        }

        @Override
        public boolean interrupted() {
            return interrupted;
        }
    }

    /** What the workers ask of this sweep: to run a trial, the pruned count, and Ctrl-C's two halves. */
    private final class Hosted implements SweepWorkers.Sweep {
        @Override
        public boolean runTrial(TrialState state, int threads, boolean wait, TrialRunner.RungBudget budget) throws IOException {
            return SweepRunner.this.runTrial(state, threads, wait, budget);
        }

        @Override
        public int prunedNow() {
            return prunedNow;
        }

        @Override
        public void interruptRequested() {
            interrupted = true;
        }

        @Override
        public void interruptFinished() {
            synchronized (lock) {
                states.stream().filter(s -> s.status == RunStatus.RUNNING).forEach(s -> s.status = RunStatus.INTERRUPTED);
                try {
                    writeSweepFile(); // so that sweep.json says interrupted, not running
                } catch (IOException | RuntimeException e) {
                    console.line("Could not record the interruption in sweep.json: " + e.getMessage());
                }
            }
            console.line("Interrupted: the running trials stop here and keep their last finished epoch's checkpoint; "
                    + "running the same command again goes on from there.");
            printFinalTable();
        }
    }

    /**
     * The final table from the results folder alone, training nothing: after a cluster has
     * run the trials. Trials without a result count as not done.
     */
    public Summary tableOfResults() {
        synchronized (lock) {
            for (TrialState state : states) {
                if (store.stored(plan.name(), state.runId) instanceof ResultStore.Stored.Valid valid && valid.result().status() != null) {
                    state.found(valid.result());
                }
            }
        }
        printFinalTable();
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

    /** Runs one trial (to the budget, when halving); false when another process holds it and {@code wait} is false. */
    private boolean runTrial(TrialState state, int threads, boolean wait, TrialRunner.RungBudget budget) throws IOException {
        boolean retrain;
        synchronized (lock) {
            state.status = RunStatus.RUNNING;
            state.epochs = budget == null ? state.trial.spec().training().epochs() : budget.epochs(); // the board's "epoch 2/3"
            retrain = state.retrain;
        }
        TrialRunner.Report report = runner.run(state.trial.spec(), threads, retrain, new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int epochs) {
                state.epoch = epoch;
            }

            @Override
            public void batchFinished(int samplesDone, int samplesTotal, double meanLoss, String figureName, double meanAccuracy) {
                state.loss = meanLoss;
                state.accuracy = meanAccuracy;
                state.figureName = figureName;
            }

            @Override
            public void epochFinished(EpochResult result, int epochs) {
                state.loss = result.loss();
                state.accuracy = result.isRegression() ? result.mae() : result.accuracy();
            }
        }, network -> { }, wait ? () -> console.line("  " + state.runId + " is being trained by another process; waiting for its result") : null,
                budget);
        synchronized (lock) {
            if (report.claimedElsewhere()) {
                state.status = RunStatus.PENDING;
                return false;
            }
            state.found(report.result().orElseThrow());
            state.retrain = false; // --force and --rerun-failed retrain a trial once per command, not at every rung
            state.doneBefore = report.alreadyDone() && state.settled(budget != null);
            state.trainedNow = report.epochsTrained() > 0 ? report.firstEpochTrained() + "-" + report.lastEpochTrained() : null;
            writeSweepFile();
        }
        return true;
    }

    /** results/NAME/sweep.json, as {@link SweepFile} writes it. */
    private void writeSweepFile() throws IOException {
        SweepFile.write(store.root().resolve(plan.name()).resolve(plan.sweepFileName()), plan, states, decisions);
    }

    private Summary summary() {
        synchronized (lock) {
            int completed = 0, failed = 0, diverged = 0, pruned = 0;
            for (TrialState state : states) {
                switch (state.status) {
                    case COMPLETED -> completed++;
                    case FAILED -> failed++;
                    case DIVERGED -> diverged++;
                    case PRUNED -> pruned++;
                    default -> { }
                }
            }
            return new Summary(states.size(), completed, failed, diverged, pruned, interrupted, handedOver);
        }
    }
}
