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
        this(plan, dataset, store, out, terminal, () -> 120);
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
            lookUp(state, this.options, false);
            return state;
        }) : null;
    }

    public Summary run(Options options) throws IOException, InterruptedException, ConfigException {
        return run(options, null);
    }

    /**
     * @param remote for a halving sweep, where its rungs train instead of here; the command then
     *               decides every rung already trained, hands the next one over and ends
     */
    public Summary run(Options options, RemoteTrials remote) throws IOException, InterruptedException, ConfigException {
        SweepSpec.Halving halving = plan.sweep() == null ? null : plan.sweep().halving();
        List<HalvingSchedule.Bracket> brackets = halving == null ? List.of() : halving.brackets(states.size());
        this.options = options;
        int doneBefore = findDone(options, halving != null);
        int firstBatch = tpe == null ? 0 : tpe.proposeSettled();
        if (tpe != null) {
            doneBefore = (int) states.stream().filter(state -> state.doneBefore).count();
        }
        int total = tpe == null ? states.size() : tpe.trials();
        List<TrialState> toRun = states.stream().filter(state -> !state.settled(halving != null)).toList();
        int cores = Runtime.getRuntime().availableProcessors();
        int asked = Math.max(1, Math.min(plan.sweep().parallel() > 0 ? plan.sweep().parallel() : cores,
                Math.max(1, tpe == null ? toRun.size() : Math.min(tpe.batchSize(), total - doneBefore))));
        // Trials at once must fit in the heap together; the largest trial to run sets how many.
        long fit = toRun.stream().mapToLong(state -> MemoryNeed.of(state.trial.spec(), dataset).runsThatFit(dataset)).min().orElse(asked);
        String memory = fit < asked ? " (memory fits " + Math.max(1, fit) + ")" : "";
        int parallel = (int) Math.max(1, Math.min(asked, fit));
        int threadsPerTrial = Kernels.vectorBitsOfThisMachine() == 0 ? 1 : Math.max(1, cores / parallel); // plain kernels: one thread
        String rungs = halving != null ? ", " + SweepConsole.halvingPlan(brackets, halving) : tpe != null ? " (" + tpe.describe() + ")" : "";
        console.line(String.format("%d trial%s%s, %d of %d already done; %d to run, %d at a time%s x %d thread%s; %s",
                total, total == 1 ? "" : "s", rungs, doneBefore, total, total - doneBefore, parallel, memory, threadsPerTrial,
                threadsPerTrial == 1 ? "" : "s", VectorHardware.thisMachine().describe()));
        if (options.dryRun()) {
            listTrials(halving != null);
            if (states.size() < total) {
                console.line("  and " + (total - states.size()) + " more, which TPE proposes from the figures of the trials before them");
            }
            return summary();
        }
        writeSweepFile();
        if (toRun.isEmpty() && halving == null && states.size() == total) {
            console.table(states);
            return summary();
        }
        if (remote != null && halving != null) {
            return handOver(remote, halving, brackets);
        }
        try (SweepWorkers workers = new SweepWorkers(new Hosted(), lock, states, console, parallel, threadsPerTrial, doneBefore, total)) {
            if (tpe != null) {
                tpe.run(firstBatch, trials -> {
                    writeSweepFile();
                    workers.runAll(trials, null);
                    return !interrupted;
                });
            } else if (halving == null) {
                workers.runAll(LongestFirst.order(toRun, dataset, state -> state.trial.spec().training().epochs()), null);
            } else {
                for (HalvingSchedule.Bracket bracket : brackets) {
                    runBracket(bracket, brackets, halving, (trials, budget) -> {
                        workers.runAll(trials, budget);
                        return !interrupted;
                    });
                    if (interrupted) {
                        break;
                    }
                }
            }
        }
        if (!interrupted) { // else the Ctrl-C hook prints it, once it has marked the abandoned trials
            printFinalTable();
        }
        return summary();
    }

    /** Takes each trial's stored result unless it is to be trained again; returns how many were finished before. */
    private int findDone(Options options, boolean halving) {
        int doneBefore = 0;
        for (TrialState state : states) {
            lookUp(state, options, halving);
            doneBefore += state.doneBefore ? 1 : 0;
        }
        return doneBefore;
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
    private void listTrials(boolean halving) {
        for (TrialState state : states) {
            String damaged = store.stored(this.plan.name(), state.runId) instanceof ResultStore.Stored.Damaged fault
                    ? "  (" + fault.describe() + "; it will be moved aside)" : "";
            String standing = state.settled(halving) ? "done (" + state.status.jsonName() + ")"
                    : state.status.isAtRung() ? state.status.jsonName() + " at epoch " + state.result.epochsDone() : "to run";
            console.line("  " + state.runId + "  " + String.format("%-10s", standing) + "  " + state.swept() + damaged);
        }
    }

    /** Halving on a cluster: decides the rungs already trained, hands the next rung's trials over, and returns. */
    private Summary handOver(RemoteTrials remote, SweepSpec.Halving halving, List<HalvingSchedule.Bracket> brackets)
            throws IOException, InterruptedException {
        for (HalvingSchedule.Bracket bracket : brackets) {
            if (!runBracket(bracket, brackets, halving, (trials, budget) -> {
                if (trials.isEmpty()) {
                    return true;
                }
                console.line(remote.submit(trials.stream().map(state -> state.runId).toList(), budget));
                handedOver = true;
                return false;
            })) {
                return summary();
            }
        }
        printFinalTable();
        return summary();
    }

    /** Trains a rung's trials to its budget; false when they were handed over and the bracket stops here. */
    private interface RungTraining {
        boolean train(List<TrialState> trials, TrialRunner.RungBudget budget) throws IOException, InterruptedException;
    }

    /**
     * One bracket of successive halving, rung by rung: train every trial of the rung to its
     * epochs (those already there are read, not trained), rank them by the metric, prune the
     * rest. The decisions depend on the figures alone, so a resumed sweep makes the same ones.
     *
     * @return false when a rung was handed over to be trained elsewhere
     */
    private boolean runBracket(HalvingSchedule.Bracket bracket, List<HalvingSchedule.Bracket> brackets, SweepSpec.Halving halving,
                               RungTraining training) throws IOException, InterruptedException {
        List<TrialState> members = new ArrayList<>(states.subList(bracket.firstTrial(), bracket.firstTrial() + bracket.trialCount()));
        List<HalvingSchedule.Rung> rungs = bracket.rungs();
        for (int r = 0; r < rungs.size() && !interrupted; r++) {
            TrialRunner.RungBudget budget = new TrialRunner.RungBudget(r + 1, rungs.get(r).epochs());
            synchronized (lock) {
                // A trial whose result already went further (a rerun of a finished sweep) keeps its rung.
                members.forEach(state -> state.rung = Math.max(budget.rung(),
                        state.result != null && state.result.rung() != null ? state.result.rung() : 0));
            }
            List<TrialState> toTrain = LongestFirst.order(members.stream().filter(state -> state.retrain || !state.reached(budget.epochs())).toList(), dataset,
                    state -> budget.epochs() - (state.retrain || state.result == null ? 0 : state.result.epochsDone()));
            if (!training.train(toTrain, budget)) {
                return false;
            }
            if (r == rungs.size() - 1) {
                break;
            }
            List<HalvingSchedule.Score> scores = new ArrayList<>();
            for (TrialState state : members) {
                scores.add(new HalvingSchedule.Score(state.runId, state.figureAt(budget.epochs(), halving.metric())));
            }
            List<String> promoted = HalvingSchedule.promoted(scores, rungs.get(r + 1).trials(), halving.lowerIsBetter());
            List<TrialState> next = new ArrayList<>();
            int bracketNumber = brackets.size() == 1 ? 0 : brackets.indexOf(bracket) + 1;
            synchronized (lock) {
                for (TrialState state : members) {
                    if (promoted.contains(state.runId)) {
                        next.add(state);
                    } else if (state.status == RunStatus.PAUSED) {
                        state.found(runner.prune(state.trial.spec(), state.result, budget.rung()));
                        prunedNow++;
                    }
                }
                decisions.add(new SweepFile.RungDecision(Math.max(1, bracketNumber), budget.rung(), budget.epochs(), scores, promoted));
                writeSweepFile();
                int failed = (int) members.stream().filter(state -> state.status.isFailure()).count();
                console.rungDecided(bracketNumber, budget.rung(), budget.epochs(), members.size(), failed, promoted, rungs.get(r + 1).epochs(),
                        halving.metric(), promoted.isEmpty() ? Double.NaN : scores.stream().filter(sc -> sc.runId().equals(promoted.get(0)))
                                .findFirst().orElseThrow().figure(), promoted.isEmpty() ? "-" : promoted.get(0));
            }
            next.sort(java.util.Comparator.comparingInt(states::indexOf));
            members = next;
            if (members.isEmpty()) {
                break; // every trial of the rung diverged or failed: no later rung has anyone to train
            }
        }
        return true;
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
