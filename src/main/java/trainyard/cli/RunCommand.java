package trainyard.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import trainyard.config.CanonicalForm;
import trainyard.config.ConfigException;
import trainyard.config.ExperimentLoader;
import trainyard.config.ExperimentSpec;
import trainyard.config.LoadedExperiment;
import trainyard.data.DataException;
import trainyard.data.Dataset;
import trainyard.kernels.Kernels;
import trainyard.kernels.VectorKernels;
import trainyard.results.Environment;
import trainyard.results.ModelFile;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.train.ConsoleProgress;
import trainyard.train.ModelSummary;
import trainyard.train.Trainer;
import trainyard.train.TrainingOutcome;

/**
 * `trainyard run FILE.yaml`: load and check the experiment, load the dataset, check the
 * network against it, then train and write results/NAME/RUN_ID/result.json, or reuse
 * that file when the same configuration already finished.
 */
final class RunCommand {
    /** Bytes per parameter while training: values, gradient, two Adam moments, a transposed copy. */
    static final long BYTES_PER_PARAMETER = 5L * Float.BYTES;

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(List<String> arguments) throws UsageException, ConfigException, DataException, IOException {
        Path file = null;
        boolean force = false;
        Path results = Path.of("results");
        Path data = Path.of("data");
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "--force" -> force = true;
                case "--debug" -> { }
                case "--results" -> results = Path.of(value(arguments, ++i, "--results"));
                case "--data" -> data = Path.of(value(arguments, ++i, "--data"));
                default -> {
                    if (argument.startsWith("-")) {
                        throw new UsageException("unknown option '" + argument + "' for run");
                    }
                    if (file != null) {
                        throw new UsageException("run takes one experiment file, found '" + file + "' and '" + argument + "'");
                    }
                    file = Path.of(argument);
                }
            }
        }
        if (file == null) {
            throw new UsageException("run needs an experiment file, e.g. experiments/relu_adam.yaml");
        }

        LoadedExperiment loaded = ExperimentLoader.load(file);
        ExperimentSpec spec = loaded.spec();
        Dataset dataset = Datasets.load(spec.dataset(), data, out);
        checkAgainstDataset(loaded, dataset);

        ResultStore store = new ResultStore(results);
        String runId = ResultStore.runId(CanonicalForm.identity(spec), dataset.checksum());
        Optional<RunResult> previous = store.completed(spec.name(), runId);
        if (previous.isPresent() && !force) {
            RunResult done = previous.get();
            out.println("Already done: " + store.resultFile(spec.name(), runId) + " (same configuration and dataset; ARGS=--force trains again)");
            out.println(testLine(done.test().loss(), done.test().accuracy()) + String.format(Locale.ROOT, "  Time: %.3f sec", done.trainSeconds()));
            return ExitCode.OK;
        }

        try (Kernels kernels = new VectorKernels(spec.training().threads())) {
            String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            Trainer trainer = new Trainer(kernels, new ConsoleProgress(out, Terminal.isStandardOutput()));
            out.println("Run " + spec.name() + "/" + runId + " on " + dataset.name() + " with " + kernels.threads() + " thread"
                    + (kernels.threads() == 1 ? "" : "s") + ", " + VectorKernels.vectorBits() + "-bit vectors");
            TrainingOutcome outcome = trainer.fit(spec, dataset, network -> ModelSummary.print(network, spec.name(), out));
            RunResult result = new RunResult(spec.name(), runId, outcome.status().jsonName(), CanonicalForm.of(spec),
                    outcome.network().parameterCount(), outcome.history(), outcome.test(), outcome.trainSeconds(), startedAt,
                    Environment.current(kernels.threads(), VectorKernels.vectorBits()),
                    new RunResult.DatasetInfo(dataset.name(), dataset.checksum(), dataset.train().count(), dataset.test().count(),
                            dataset.classes(), dataset.features()),
                    outcome.divergedEpoch(), null, RunResult.FORMAT_VERSION);
            if (outcome.status() == TrainingOutcome.Status.COMPLETED) {
                // The model first: a completed result.json always has its model beside it.
                ModelFile.write(store.runFolder(spec.name(), runId).resolve(ModelFile.FILE_NAME),
                        ModelFile.of(outcome.network(), dataset.imageShape(), spec.loss()));
            }
            Path written = store.write(result);
            if (outcome.status() == TrainingOutcome.Status.COMPLETED) {
                out.println(testLine(outcome.test().loss(), outcome.test().accuracy())
                        + String.format(Locale.ROOT, "  Time: %.3f sec", outcome.trainSeconds()));
                out.println("Result: " + written);
                return ExitCode.OK;
            }
            err.println("trainyard: " + spec.name() + " diverged in epoch " + outcome.divergedEpoch()
                    + " (loss became NaN or infinite); try a smaller learning_rate. Recorded in " + written);
            return ExitCode.RUN_FAILED;
        }
    }

    /** Faults that need the dataset: the output layer's width and the memory the network needs. */
    static void checkAgainstDataset(LoadedExperiment loaded, Dataset dataset) throws ConfigException {
        ExperimentSpec spec = loaded.spec();
        int last = spec.model().layers().size() - 1;
        int units = spec.model().outputLayer().units();
        if (units != dataset.classes()) {
            throw loaded.problemAt("model.layers[" + last + "].dense", "model.layers[" + last + "].dense: the output layer has "
                    + units + " units but the dataset " + dataset.name() + " has " + dataset.classes()
                    + " classes; the last layer must have dense: " + dataset.classes());
        }
        long parameters = spec.model().parameterCount(dataset.features());
        long needed = parameters * BYTES_PER_PARAMETER;
        long available = Runtime.getRuntime().maxMemory() - (long) dataset.train().pixels().length - dataset.test().pixels().length;
        if (needed > available * 0.8) {
            throw loaded.problemAt("model.layers", String.format(Locale.ROOT,
                    "model.layers: the network has %,d parameters and needs about %,d MB for weights, gradients and optimizer state; "
                            + "the JVM heap leaves %,d MB; use fewer units, or raise -Xmx in the Makefile's JVM_FLAGS",
                    parameters, needed >> 20, Math.max(0, available) >> 20));
        }
    }

    static String testLine(double loss, double accuracy) {
        return String.format(Locale.ROOT, "Test loss: %.4f  Test accuracy: %.4f", loss, accuracy);
    }

    static String value(List<String> arguments, int index, String option) throws UsageException {
        if (index >= arguments.size()) {
            throw new UsageException(option + " needs a value");
        }
        return arguments.get(index);
    }
}
