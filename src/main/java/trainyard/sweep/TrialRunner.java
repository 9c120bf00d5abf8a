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
    /** How a trial ended, from this process's point of view. */
    public enum Outcome {
        COMPLETED, DIVERGED, FAILED, ALREADY_DONE,
        /** Another process holds the trial and the caller asked not to wait. */
        CLAIMED_ELSEWHERE
    }

    /** The outcome, with the result written or found (none when claimed elsewhere). */
    public record Report(Outcome outcome, Optional<RunResult> result, Path resultFile) {
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

    /**
     * @param retrain  train even when a finished result exists (--force, or --rerun-failed for a failed one)
     * @param built    called with the fresh network (to print its summary)
     * @param waiting  called when another process is training this trial and we wait for it;
     *                 null to return CLAIMED_ELSEWHERE at once instead
     */
    public Report run(ExperimentSpec spec, int threads, boolean retrain, TrainingListener listener,
                      java.util.function.Consumer<Network> built, Runnable waiting) throws IOException {
        String runId = runId(spec);
        Path resultFile = store.resultFile(spec.name(), runId);
        Path folder = store.runFolder(spec.name(), runId);
        boolean[] waited = {false};
        TrialLock claim;
        if (waiting == null) {
            Optional<TrialLock> claimed = TrialLock.tryClaim(folder);
            if (claimed.isEmpty()) {
                return new Report(Outcome.CLAIMED_ELSEWHERE, Optional.empty(), resultFile);
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
                Path aside = ResultStore.setAside(damaged.file());
                warnings.accept("trainyard: warning: " + damaged.describe() + "; moved to " + aside.getFileName() + ", training again");
            }
            Optional<RunResult> finished = stored instanceof ResultStore.Stored.Valid valid && valid.result().isFinished()
                    ? Optional.of(valid.result()) : Optional.empty();
            // Retraining is asked of results found before; one another process just wrote is kept.
            if (finished.isPresent() && (!retrain || waited[0])) {
                return new Report(Outcome.ALREADY_DONE, finished, resultFile);
            }
            String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            ExperimentSpec resolved = new ExperimentSpec(spec.name(), spec.description(), spec.dataset(), spec.model(), spec.loss(),
                    spec.optimizer(), spec.training().withThreads(threads));
            RunResult result;
            CheckpointFile checkpoint = new CheckpointFile(folder, runId, warnings);
            try (Kernels kernels = Kernels.forThisMachine(threads)) {
                TrainingOutcome outcome = new Trainer(kernels, listener).fit(resolved, dataset, built, checkpoint);
                result = result(spec, runId, startedAt, kernels.threads(), outcome, null);
                if (outcome.status() == TrainingOutcome.Status.COMPLETED) {
                    // The model first: a completed result.json always has its model beside it.
                    ModelFile.write(store.runFolder(spec.name(), runId).resolve(ModelFile.FILE_NAME),
                            ModelFile.of(outcome.network(), spec.model(), dataset.imageShape(), spec.loss()));
                }
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException | OutOfMemoryError e) {
                result = result(spec, runId, startedAt, threads, null, e.toString());
            }
            store.write(result);
            checkpoint.remove(); // the result is final: a rerun starts afresh (--force, --rerun-failed)
            Outcome outcome = switch (result.status()) {
                case RunResult.COMPLETED -> Outcome.COMPLETED;
                case RunResult.DIVERGED -> Outcome.DIVERGED;
                default -> Outcome.FAILED;
            };
            return new Report(outcome, Optional.of(result), resultFile);
        }
    }

    /** The outcome's diagnostics with each mistake's pixels, which the report draws without the dataset. */
    private RunResult.Diagnostics diagnostics(TrainingOutcome outcome) {
        if (outcome == null || outcome.diagnostics() == null) {
            return null;
        }
        List<RunResult.Mistake> mistakes = new java.util.ArrayList<>();
        int features = dataset.features();
        for (trainyard.train.Diagnostics.Mistake mistake : outcome.diagnostics().confidentMistakes()) {
            int offset = dataset.test().pixelOffset(mistake.index());
            String pixels = java.util.Base64.getEncoder().encodeToString(
                    java.util.Arrays.copyOfRange(dataset.test().pixels(), offset, offset + features));
            mistakes.add(new RunResult.Mistake(mistake.index(), mistake.label(), mistake.predicted(), mistake.probability(),
                    dataset.imageShape(), pixels));
        }
        return new RunResult.Diagnostics(outcome.diagnostics().confusionMatrix(), mistakes);
    }

    private RunResult result(ExperimentSpec spec, String runId, String startedAt, int threads, TrainingOutcome outcome, String failure) {
        String status = outcome == null ? RunResult.FAILED : outcome.status().jsonName();
        return new RunResult(spec.name(), runId, status, CanonicalForm.of(spec),
                trainyard.train.MemoryNeed.of(spec, dataset).parameters(), outcome == null ? List.of() : outcome.history(),
                outcome == null ? null : outcome.test(), outcome == null ? 0 : outcome.trainSeconds(), startedAt,
                Environment.current(threads, Kernels.vectorBitsOfThisMachine()),
                new RunResult.DatasetInfo(dataset.name(), dataset.checksum(), dataset.train().count(), dataset.test().count(),
                        dataset.classes(), dataset.features()),
                outcome == null ? null : outcome.divergedEpoch(), outcome == null ? null : outcome.stoppedEpoch(),
                outcome == null ? null : outcome.bestEpoch(), failure, diagnostics(outcome), RunResult.FORMAT_VERSION);
    }
}
