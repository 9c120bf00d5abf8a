package trainyard.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import trainyard.config.CanonicalForm;
import trainyard.config.ExperimentSpec;
import trainyard.data.Dataset;
import trainyard.kernels.Kernels;
import trainyard.model.Network;
import trainyard.results.AtomicFiles;
import trainyard.results.CheckpointFile;
import trainyard.results.Environment;
import trainyard.results.ModelFile;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.results.RunStatus;
import trainyard.train.Trainer;
import trainyard.train.TrainingListener;
import trainyard.train.TrainingOutcome;

/**
 * One trial end to end: claim it, make sure no finished result appeared meanwhile, train
 * on fresh weights and kernels of its own, then write model.safetensors and result.json
 * (in that order, each atomically). A trial that throws is recorded as failed with its
 * message; one that is interrupted leaves nothing behind.
 */
public final class TrialRunner {
    /**
     * What became of a trial: its result (none when another process holds it and the caller
     * asked not to wait), whether it was found already done rather than trained here, and
     * the epochs trained here (first and last; 0 and -1 when none).
     */
    public record Report(Optional<RunResult> result, boolean alreadyDone, Path resultFile, int firstEpochTrained, int lastEpochTrained) {
        public boolean claimedElsewhere() {
            return result.isEmpty();
        }

        public int epochsTrained() {
            return lastEpochTrained - firstEpochTrained + 1;
        }
    }

    /** A halving trial's budget: train to this epoch, and record this rung (from 1). */
    public record RungBudget(int rung, int epochs) {
    }

    private final ResultStore store;
    private final Dataset dataset;
    private final java.util.function.Consumer<String> warnings;

    /** @param warnings told, in one line, of a damaged result.json moved aside before its run trains again */
    public TrialRunner(ResultStore store, Dataset dataset, java.util.function.Consumer<String> warnings) {
        this.store = store;
        this.dataset = dataset;
        this.warnings = warnings;
    }

    public String runId(ExperimentSpec spec) {
        return ResultStore.runId(CanonicalForm.identity(spec), dataset.checksum());
    }

    public Report run(ExperimentSpec spec, int threads, boolean retrain, TrainingListener listener,
                      java.util.function.Consumer<Network> built, Runnable waiting) throws IOException {
        return run(spec, threads, retrain, listener, built, waiting, null);
    }

    /**
     * @param retrain  train afresh even when a finished result or a checkpoint exists
     *                 (--force, or --rerun-failed for a failed one)
     * @param built    called with the fresh network (to print its summary)
     * @param waiting  called when another process is training this trial and we wait for it;
     *                 null to return at once (without a result) instead
     * @param budget   for a halving trial, the rung to train to; null to train every epoch
     */
    public Report run(ExperimentSpec spec, int threads, boolean retrain, TrainingListener listener,
                      java.util.function.Consumer<Network> built, Runnable waiting, RungBudget budget) throws IOException {
        String runId = runId(spec);
        Path resultFile = store.resultFile(spec.name(), runId);
        Path folder = store.runFolder(spec.name(), runId);
        if (!retrain && store.stored(spec.name(), runId) instanceof ResultStore.Stored.Valid valid && reached(valid.result(), budget)) {
            // Written whole (atomically), so it is read without the lock: a finished run in a read-only folder is still done.
            return new Report(Optional.of(valid.result()), true, resultFile, 0, -1);
        }
        boolean[] waited = {false};
        TrialLock claim;
        if (waiting == null) {
            Optional<TrialLock> claimed = TrialLock.tryClaim(folder);
            if (claimed.isEmpty()) {
                return new Report(Optional.empty(), false, resultFile, 0, -1);
            }
            claim = claimed.get();
        } else {
            claim = TrialLock.claim(folder, () -> {
                waited[0] = true;
                waiting.run();
            });
        }
        try (TrialLock lock = claim) {
            AtomicFiles.removeLeftovers(folder); // ours to tidy now that we hold the trial's lock
            ResultStore.Stored stored = store.stored(spec.name(), runId); // read once, under the lock
            if (stored instanceof ResultStore.Stored.Damaged damaged) {
                Path aside = AtomicFiles.setAside(damaged.file());
                warnings.accept("trainyard: warning: " + damaged.describe() + "; moved to " + aside.getFileName() + ", training again");
            }
            Optional<RunResult> done = stored instanceof ResultStore.Stored.Valid valid && reached(valid.result(), budget)
                    ? Optional.of(valid.result()) : Optional.empty();
            // Retraining is asked of results found before; one another process just wrote is kept.
            if (done.isPresent() && (!retrain || waited[0])) {
                return new Report(done, true, resultFile, 0, -1);
            }
            CheckpointFile checkpoint = new CheckpointFile(folder, runId, warnings,
                    trainyard.train.MemoryNeed.of(spec, dataset).weightBytes() + CheckpointFile.HEADER_ALLOWANCE);
            if (retrain) {
                checkpoint.remove(); // afresh, not from where an earlier run left off
            }
            Trained trained = train(spec, runId, threads, listener, built, checkpoint, budget);
            RunResult result = trained.result();
            store.write(result);
            if (result.status() != RunStatus.PAUSED) {
                checkpoint.remove(); // the result is final: a rerun starts afresh (--force, --rerun-failed)
            }
            return new Report(Optional.of(result), false, resultFile, trained.firstEpoch(), trained.lastEpoch());
        }
    }

    /** A trial's result and the epochs this process trained (first > last: none). */
    private record Trained(RunResult result, int firstEpoch, int lastEpoch) {
    }

    /**
     * Trains the trial (from its checkpoint when it has one) to the budget, writes its model
     * when it completed, and makes its result; a failure of the configuration is a failed
     * result, a file of ours that cannot be written an exception.
     */
    private Trained train(ExperimentSpec spec, String runId, int threads, TrainingListener listener, java.util.function.Consumer<Network> built,
                          CheckpointFile checkpoint, RungBudget budget) throws IOException {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ExperimentSpec resolved = new ExperimentSpec(spec.name(), spec.description(), spec.dataset(), spec.model(), spec.loss(),
                spec.optimizer(), spec.training().withThreads(threads), spec.runName());
        try (Kernels kernels = Kernels.forThisMachine(threads)) {
            int untilEpoch = budget == null ? spec.training().epochs() : budget.epochs();
            TrainingOutcome outcome = new Trainer(kernels, listener).fit(resolved, dataset, built, checkpoint, untilEpoch);
            RunResult result = result(spec, runId, startedAt, kernels.threads(), outcome, null, budget);
            if (result.status() == RunStatus.COMPLETED) {
                // The model first: a completed result.json always has its model beside it.
                ModelFile.write(store.runFolder(spec.name(), runId).resolve(ModelFile.FILE_NAME),
                        ModelFile.of(outcome.network(), spec.model(), dataset, spec.loss()));
            }
            return new Trained(result, outcome.firstEpochTrained(), outcome.lastEpochTrained());
        } catch (CancellationException e) {
            throw e;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause(); // our own file could not be written (a checkpoint): not the configuration's failure
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Trained(result(spec, runId, startedAt, threads, null, e.toString(), budget), 0, -1);
        }
    }

    /**
     * Marks a paused halving trial pruned at its rung, under its lock. Its checkpoint stays,
     * so a sweep given a larger budget later goes on from it; --force removes it.
     */
    public RunResult prune(ExperimentSpec spec, RunResult paused, int rung) throws IOException {
        Path folder = store.runFolder(spec.name(), paused.runId());
        try (TrialLock lock = TrialLock.claim(folder, () -> { })) {
            RunResult pruned = paused.withStatus(RunStatus.PRUNED, rung);
            store.write(pruned);
            return pruned;
        }
    }

    /** A stored result that needs no training for this budget: finished, or paused or pruned at or past it. */
    private static boolean reached(RunResult result, RungBudget budget) {
        return result.isFinished() || (budget != null && result.status().isAtRung() && result.epochsDone() >= budget.epochs());
    }

    /** The outcome's diagnostics with each mistake's pixels, which the report draws without the dataset. */
    private RunResult.Diagnostics diagnostics(TrainingOutcome outcome) {
        if (outcome == null || outcome.diagnostics() == null || dataset.test().isRegression()) {
            return null;
        }
        List<RunResult.Mistake> mistakes = new java.util.ArrayList<>();
        int features = dataset.features();
        // A mistake is shown as its picture; a table's row has none to show.
        List<trainyard.train.Diagnostics.Mistake> pictured = dataset.test().holdsBytes() ? outcome.diagnostics().confidentMistakes() : List.of();
        for (trainyard.train.Diagnostics.Mistake mistake : pictured) {
            int offset = dataset.test().pixelOffset(mistake.index());
            String pixels = java.util.Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOfRange(dataset.test().pixels(), offset, offset + features));
            mistakes.add(new RunResult.Mistake(mistake.index(), mistake.label(), mistake.predicted(), mistake.probability(),
                    dataset.imageShape(), pixels));
        }
        return new RunResult.Diagnostics(outcome.diagnostics().confusionMatrix(), mistakes);
    }

    private RunResult result(ExperimentSpec spec, String runId, String startedAt, int threads, TrainingOutcome outcome, String failure,
                             RungBudget budget) {
        RunStatus status = outcome == null ? RunStatus.FAILED
                : outcome.isDiverged() ? RunStatus.DIVERGED : outcome.isPaused() ? RunStatus.PAUSED : RunStatus.COMPLETED;
        List<RunResult.Epoch> history = outcome == null ? List.of() : outcome.history().stream().map(RunResult.Epoch::of).toList();
        return new RunResult(spec.name(), runId, status, CanonicalForm.of(spec),
                trainyard.train.MemoryNeed.of(spec, dataset).parameters(), history,
                outcome == null ? null : RunResult.Figures.of(outcome.test()), outcome == null ? 0 : outcome.trainSeconds(), startedAt,
                Environment.current(threads, Kernels.vectorBitsOfThisMachine()),
                new RunResult.DatasetInfo(dataset.name(), dataset.checksum(), dataset.train().count(), dataset.test().count(),
                        dataset.classes(), dataset.features(), dataset.classNames(), dataset.table(), dataset.files()),
                outcome == null ? null : outcome.divergedEpoch(), outcome == null ? null : outcome.stoppedEpoch(),
                outcome == null ? null : outcome.bestEpoch(), history.size(), budget == null ? null : budget.rung(), failure,
                diagnostics(outcome), RunResult.FORMAT_VERSION);
    }
}
