package trainyard.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import trainyard.config.ConfigException;
import trainyard.config.ConfigOverride;
import trainyard.config.ConfigProblem;
import trainyard.config.ExperimentPlan;
import trainyard.config.ExperimentPlanner;
import trainyard.config.ExperimentSpec;
import trainyard.config.LoadedExperiment;
import trainyard.config.Trial;
import trainyard.data.DataException;
import trainyard.data.Dataset;
import trainyard.data.Datasets;
import trainyard.kernels.Kernels;
import trainyard.kernels.VectorHardware;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.sweep.SweepRunner;
import trainyard.sweep.TrialRunner;
import trainyard.train.ConsoleProgress;
import trainyard.train.MemoryNeed;
import trainyard.train.ModelSummary;

/**
 * `trainyard run FILE.yaml [key=value ...] [-m key=a,b ...]`: plan the trials (one, or a
 * sweep's), check every one of them and the dataset before anything trains, then train a
 * single run with Keras-style output or hand a sweep to the parallel executor.
 */
final class RunCommand {
    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(List<String> arguments) throws UsageException, ConfigException, DataException, IOException, InterruptedException {
        List<String> rest = new ArrayList<>();
        // Arguments are numbered as the user typed them: `run` is 1, so the ones after it start at 2.
        List<ConfigOverride> overrides = ConfigOverride.parse(arguments, rest, 2);
        Path file = null;
        boolean force = false;
        boolean rerunFailed = false;
        boolean dryRun = false;
        boolean await = false;
        boolean printConfig = false;
        String launcherFlag = null;
        Path results = Path.of("results");
        Path data = trainyard.data.DataFolder.standard();
        for (int i = 0; i < rest.size(); i++) {
            String argument = rest.get(i);
            switch (argument) {
                case "--force" -> force = true;
                case "--rerun-failed" -> rerunFailed = true;
                case "--dry-run" -> dryRun = true;
                case "--debug" -> { }
                case "--wait" -> await = true;
                case "--cfg" -> printConfig = true;
                case "--launcher" -> launcherFlag = value(rest, ++i, "--launcher");
                case "--results" -> results = Path.of(value(rest, ++i, "--results"));
                case "--data" -> data = Path.of(value(rest, ++i, "--data"));
                default -> {
                    if (argument.startsWith("-")) {
                        throw new UsageException("unknown option '" + argument + "' for run" + overrideHint(argument));
                    }
                    if (file != null) {
                        throw new UsageException("run takes one experiment file, found '" + file + "' and '" + argument
                                + "' (overrides are key=value, e.g. training.epochs=3)");
                    }
                    file = Path.of(argument);
                }
            }
        }
        if (file == null) {
            throw new UsageException("run needs an experiment file, e.g. experiments/relu_adam.yaml");
        }

        ExperimentPlan plan = ExperimentPlanner.plan(file, overrides);
        if (printConfig) { // Hydra's --cfg job: what each trial will train, nothing loaded, nothing trained
            for (int i = 0; i < plan.trials().size(); i++) {
                out.println("# trial " + (i + 1) + " of " + plan.trials().size() + (plan.trials().get(i).values().isEmpty() ? ""
                        : ": " + plan.trials().get(i).values()));
                out.print(CONFIG_YAML.dump(trainyard.config.CanonicalForm.of(plan.trials().get(i).spec())));
            }
            return ExitCode.OK;
        }
        for (Trial trial : plan.trials()) {
            if (!trial.spec().dataset().equals(plan.trials().get(0).spec().dataset())) {
                throw trial.experiment().problemAt("dataset", "dataset: a sweep trains every trial on one dataset; run one sweep per dataset");
            }
        }
        Dataset dataset = Datasets.load(plan.trials().get(0).spec(), data, out::println, Main.warningsTo(err));
        List<ConfigProblem> problems = new ArrayList<>();
        for (Trial trial : plan.trials()) {
            try {
                checkAgainstDataset(trial.experiment(), dataset);
            } catch (ConfigException e) {
                e.problems().stream().filter(p -> problems.stream().noneMatch(q -> q.toString().equals(p.toString()))).forEach(problems::add);
            }
        }
        boolean regression = dataset.table() != null && dataset.table().isRegression();
        if (problems.isEmpty() && plan.sweep() != null && plan.sweep().halving() != null
                && !trainyard.config.Metrics.appliesTo(plan.sweep().halving().metric(), regression)) {
            throw new UsageException("sweep.halving.metric: " + plan.sweep().halving().metric() + " is " + (regression ? "a classification's"
                    : "a regression's") + " figure; this sweep is a " + (regression ? "regression: rank by val_loss, val_mae or val_rmse"
                    : "classification: rank by val_loss or val_accuracy"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        java.util.Set<String> warnings = new java.util.LinkedHashSet<>(); // a sweep's trials often share one mistake: said once
        for (Trial trial : plan.trials()) {
            warnings.addAll(trainyard.train.TrainingWarnings.before(trial.spec(), trainExamples(trial.spec(), dataset)));
        }
        warnings.forEach(Main.warningsTo(err));

        trainyard.config.LauncherSpec launcher = ClusterLaunch.chosen(launcherFlag, plan);
        if (launcher != null) {
            if (force) {
                throw new UsageException("--force with a launcher: remove results/" + plan.name() + "/RUN_ID folders to train them again on the cluster");
            }
            return new ClusterLaunch(out).launch(plan, launcher, dataset, results, data, rerunFailed, dryRun, await,
                    rerunArguments(arguments, file, results, data));
        }
        ResultStore store = new ResultStore(results);
        if (plan.isSweep()) {
            SweepRunner.Summary summary = new SweepRunner(plan, dataset, store, out, Terminal.isStandardOutput(), Terminal.columns())
                    .run(new SweepRunner.Options(force, rerunFailed, dryRun));
            if (!dryRun) {
                ReportCommand.refresh(results, plan.name(), out);
            }
            if (summary.failed() + summary.diverged() > 0) {
                err.println("trainyard: " + summary.failed() + " failed and " + summary.diverged() + " diverged of " + summary.total()
                        + " trials (listed above); --rerun-failed retries them");
                return ExitCode.RUN_FAILED;
            }
            return ExitCode.OK;
        }
        int code = single(plan.trials().get(0).spec(), dataset, store, force, rerunFailed, dryRun);
        if (!dryRun) {
            ReportCommand.refresh(results, plan.name(), out);
        }
        return code;
    }

    private int single(ExperimentSpec spec, Dataset dataset, ResultStore store, boolean force, boolean rerunFailed, boolean dryRun)
            throws IOException {
        TrialRunner runner = new TrialRunner(store, dataset, Main.warningsTo(err));
        String runId = runner.runId(spec);
        RunResult previous = store.finished(spec.name(), runId).orElse(null);
        if (dryRun) {
            String damaged = store.stored(spec.name(), runId) instanceof ResultStore.Stored.Damaged fault
                    ? "; " + fault.describe() + ", to be moved aside" : "";
            out.println("1 trial: " + runId + (previous == null ? " (to run" + damaged + ")" : " (done: " + previous.status().jsonName() + ")"));
            return ExitCode.OK;
        }
        boolean retrain = force || (rerunFailed && previous != null && previous.status().isFailure());
        int cores = Runtime.getRuntime().availableProcessors();
        int asked = spec.training().threads();
        boolean plainKernels = Kernels.vectorBitsOfThisMachine() == 0; // single-threaded
        int threads = plainKernels ? 1 : asked > 0 ? Math.min(asked, cores) : cores; // VectorKernels never runs more threads than cores
        if (previous == null || retrain) {
            out.println("Run " + spec.name() + "/" + runId + " on " + dataset.name() + " with " + threads + " thread"
                    + (threads == 1 ? "" : "s") + (asked > cores ? " (training.threads is " + asked + ", more than the " + cores + " cores)" : "")
                    + ", " + VectorHardware.thisMachine().describe());
        }
        ConsoleProgress progress = new ConsoleProgress(out, Terminal.isStandardOutput(), Terminal.columns());
        // Ctrl-C ends the JVM; the checkpoint of the last finished epoch stays, and the next run goes on from it.
        Thread onInterrupt = new Thread(() -> err.println(interruptedLine(progress.lastFinishedEpoch(), spec.training().epochs())),
                "trainyard-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        TrialRunner.Report report;
        try {
            report = runner.run(spec, threads, retrain, progress, network -> ModelSummary.print(network.architecture(), spec.name(), out),
                    () -> out.println("Another process is training " + spec.name() + "/" + runId + "; waiting for its result"));
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already ending (Ctrl-C): the hook runs
            }
        }
        RunResult result = report.result().orElseThrow(); // a waiting claim always ends with a result
        if (report.alreadyDone()) {
            out.println("Already done: " + report.resultFile() + " (" + result.status().jsonName() + "; same configuration and dataset; "
                    + (result.status().isFailure() ? "ARGS=--rerun-failed trains again)" : "ARGS=--force trains again)"));
            if (result.isCompleted()) {
                out.println(testLine(result.test()) + String.format(Locale.ROOT, "  Time: %.3f sec", result.trainSeconds()));
            }
            return result.status().isFailure() ? ExitCode.RUN_FAILED : ExitCode.OK;
        }
        switch (result.status()) {
            case COMPLETED -> {
                out.println(testLine(result.test()) + String.format(Locale.ROOT, "  Time: %.3f sec", result.trainSeconds()));
                String chance = trainyard.train.TrainingWarnings.after(result.test().accuracy(), dataset.classes());
                if (chance != null) {
                    Main.warningsTo(err).accept(chance);
                }
                out.println("Result: " + report.resultFile());
                return ExitCode.OK;
            }
            case DIVERGED -> {
                err.println("trainyard: " + spec.name() + " diverged in epoch " + result.divergedAtEpoch()
                        + " (loss became NaN or infinite); try a smaller learning_rate. Recorded in " + report.resultFile());
                return ExitCode.RUN_FAILED;
            }
            default -> {
                err.println("trainyard: " + spec.name() + " failed: " + result.message() + ". Recorded in " + report.resultFile());
                return ExitCode.RUN_FAILED;
            }
        }
    }

    /** What Ctrl-C leaves behind, in one line: how far training got, and how to go on. */
    static String interruptedLine(int lastFinishedEpoch, int epochs) {
        if (lastFinishedEpoch == 0) {
            return "\ntrainyard: interrupted in epoch 1 of " + epochs + ", before its end: nothing was saved; the same command starts again";
        }
        return "\ntrainyard: interrupted after epoch " + lastFinishedEpoch + " of " + epochs
                + "; run the same command to continue from the last epoch's checkpoint";
    }

    /**
     * This command as a cluster job runs it again (for a halving sweep's next rung): the
     * file, results and data folders made absolute, the overrides as typed, the launcher
     * kept; the one-time options (--wait, --dry-run, --force, --rerun-failed) left out.
     */
    static List<String> rerunArguments(List<String> arguments, Path file, Path results, Path data) {
        List<String> again = new ArrayList<>(List.of("run", file.toAbsolutePath().toString()));
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "--results", "--data", "--launcher" -> i++;
                case "--wait", "--dry-run", "--force", "--rerun-failed", "--debug" -> { }
                default -> {
                    boolean theFile = argument.equals(file.toString());
                    if (argument.equals("-m") || argument.equals("--multirun") || (!argument.startsWith("-") && argument.contains("=") && !theFile)) {
                        again.add(argument);
                    }
                }
            }
        }
        again.addAll(List.of("--launcher", "slurm", "--results", results.toAbsolutePath().toString(), "--data", data.toAbsolutePath().toString()));
        return again;
    }

    /**
     * Faults that need the dataset, found before anything trains: the output layer's
     * width, a layer that does not fit its input's shape, a validation split that leaves no example on either side, and the memory the
     * network needs.
     */
    static void checkAgainstDataset(LoadedExperiment loaded, Dataset dataset) throws ConfigException {
        ExperimentSpec spec = loaded.spec();
        if (spec.training().validation() instanceof trainyard.config.ValidationSpec.Split split) {
            int count = dataset.train().count();
            int trainOn = trainyard.train.Trainer.validationSplitIndex(count, split.fraction());
            if (trainOn < 1 || trainOn >= count) {
                throw loaded.problemAt("training.validation.split", String.format(Locale.ROOT,
                        "training.validation.split: %s of %,d training examples leaves %,d to train on and %,d to validate on;"
                                + " both need at least one", split.fraction(), count, trainOn, count - trainOn));
            }
        }
        int last = spec.model().layers().size() - 1;
        int units = spec.model().outputLayer().units();
        boolean regression = dataset.table() != null && dataset.table().isRegression();
        if (regression != Datasets.isRegression(spec)) {
            throw loaded.problemAt("loss", "loss: a sweep trains every trial on one task; " + spec.loss().yamlName() + " makes this trial a "
                    + (regression ? "classification" : "regression") + " of the table, the others a " + (regression ? "regression" : "classification"));
        }
        if (regression) {
            String target = dataset.table().target();
            if (units != 1) {
                throw loaded.problemAt("model.layers[" + last + "].dense", "model.layers[" + last + "].dense: the output layer has " + units
                        + " units; a regression of '" + target + "' (loss: mean_squared_error) predicts one number: the last layer must be"
                        + " {dense: 1, activation: linear}");
            }
            if (spec.model().outputLayer().activation() != trainyard.config.Activation.LINEAR) {
                throw loaded.problemAt("model.layers[" + last + "].activation", "model.layers[" + last + "].activation: a regression target on a "
                        + spec.model().outputLayer().activation().yamlName() + " output; a number to predict needs activation: linear"
                        + " (for classes use loss: categorical_crossentropy)");
            }
        }
        for (String[] monitor : new String[][] {
                {"training.early_stopping.monitor", spec.training().earlyStopping() == null ? null : spec.training().earlyStopping().monitor()},
                {"training.reduce_lr_on_plateau.monitor", spec.training().reduceLrOnPlateau() == null ? null : spec.training().reduceLrOnPlateau().monitor()}}) {
            if (monitor[1] != null && !trainyard.config.Metrics.appliesTo(monitor[1], regression)) {
                throw loaded.problemAt(monitor[0], monitor[0] + ": " + monitor[1] + " is " + (regression ? "a classification's" : "a regression's")
                        + " figure; this experiment is a " + (regression ? "regression: use val_loss, val_mae or val_rmse"
                        : "classification: use val_loss or val_accuracy"));
            }
        }
        if (units != dataset.classes()) {
            throw loaded.problemAt("model.layers[" + last + "].dense", "model.layers[" + last + "].dense: the output layer has "
                    + units + " units but the dataset " + dataset.name() + " has " + dataset.classes()
                    + " classes; the last layer must have dense: " + dataset.classes());
        }
        try {
            trainyard.model.Architecture.of(spec.model(), new trainyard.model.Shape(dataset.imageShape()));
        } catch (trainyard.model.ShapeMismatch e) {
            throw loaded.problemAt("model." + e.key(), "model." + e.key() + ": " + e.getMessage());
        }
        MemoryNeed need = MemoryNeed.of(spec, dataset);
        long usable = MemoryNeed.usableHeapBytes(dataset);
        if (need.totalBytes() > usable) {
            boolean batchDominates = need.activationBytes() > need.weightBytes();
            String path = batchDominates ? "training.batch_size" : "model.layers";
            throw loaded.problemAt(path, String.format(Locale.ROOT,
                    "%s: the network has %,d parameters (about %,d MB with gradients and optimizer state) and a batch of %,d needs"
                            + " about %,d MB of activations, %,d MB in all; this machine has %,d MB of memory, the JVM's heap %,d MB,"
                            + " of which training may use %,d MB beside the dataset; use %s",
                    path, need.parameters(), need.weightBytes() >> 20, need.batch(), need.activationBytes() >> 20, need.totalBytes() >> 20,
                    MemoryNeed.physicalMemoryBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20, usable >> 20,
                    batchDominates ? "a smaller batch" : "fewer units or filters"));
        }
    }

    /** "Test loss: 0.0797  Test accuracy: 0.9762", or a regression's "Test loss: 0.21  Test mae: 1.9  Test rmse: 2.4" in the target's units. */
    private static final org.yaml.snakeyaml.Yaml CONFIG_YAML = configYaml();

    private static org.yaml.snakeyaml.Yaml configYaml() {
        org.yaml.snakeyaml.DumperOptions options = new org.yaml.snakeyaml.DumperOptions();
        options.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        return new org.yaml.snakeyaml.Yaml(options);
    }

    /** Options people bring from other tools (--epochs 1) are overrides here: say which. */
    static String overrideHint(String option) {
        String key = option.replaceFirst("^-+", "").replace('-', '_');
        String path = switch (key) {
            case "epochs", "batch_size", "seed", "threads", "validation" -> "training." + key;
            case "lr", "learning_rate" -> "optimizer.learning_rate";
            case "optimizer" -> "optimizer.name";
            case "loss", "name", "dataset" -> key;
            default -> null;
        };
        return path == null ? "" : "; to set " + path + " write " + path + "=VALUE (an override, no dashes)";
    }

    /** The examples one epoch of this trial trains on: the training set, less a validation split. */
    static int trainExamples(ExperimentSpec spec, Dataset dataset) {
        int count = dataset.train().count();
        return spec.training().validation() instanceof trainyard.config.ValidationSpec.Split split
                ? trainyard.train.Trainer.validationSplitIndex(count, split.fraction()) : count;
    }

    static String testLine(trainyard.results.RunResult.Figures figures) {
        return figures.isRegression()
                ? String.format(Locale.ROOT, "Test loss: %.4f  Test mae: %.4f  Test rmse: %.4f", figures.loss(), figures.mae(), figures.rmse())
                : String.format(Locale.ROOT, "Test loss: %.4f  Test accuracy: %.4f", figures.loss(), figures.accuracy());
    }

    static String value(List<String> arguments, int index, String option) throws UsageException {
        if (index >= arguments.size()) {
            throw new UsageException(option + " needs a value");
        }
        return arguments.get(index);
    }
}
