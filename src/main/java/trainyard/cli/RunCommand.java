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
import trainyard.train.WarmUp;
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

    /** What `run`'s options asked for, besides the overrides. */
    private record Options(Path file, boolean force, boolean rerunFailed, boolean dryRun, boolean await, boolean printConfig,
                           String launcher, Path results, Path data) {
    }

    int execute(List<String> arguments) throws UsageException, ConfigException, DataException, IOException, InterruptedException {
        List<String> rest = new ArrayList<>();
        // Arguments are numbered as the user typed them: `run` is 1, so the ones after it start at 2.
        List<ConfigOverride> overrides = ConfigOverride.parse(arguments, rest, 2);
        Options options = options(rest);
        ExperimentPlan plan = ExperimentPlanner.plan(options.file(), overrides);
        if (options.printConfig()) {
            printConfig(plan);
            return ExitCode.OK;
        }
        for (Trial trial : plan.trials()) {
            if (!trial.spec().dataset().equals(plan.trials().get(0).spec().dataset())) {
                throw trial.experiment().problemAt("dataset", "dataset: a sweep trains every trial on one dataset; run one sweep per dataset");
            }
        }
        trainyard.config.LauncherSpec launcher = ClusterLaunch.chosen(options.launcher(), plan);
        Dataset dataset;
        try (WarmUp warmUp = launcher == null && !options.dryRun() ? warmUp(plan.trials().get(0).spec()) : null) {
            dataset = Datasets.load(plan.trials().get(0).spec(), options.data(), out::println, Main.warningsTo(err));
        }
        checkAgainstDataset(plan, dataset);
        if (launcher != null) {
            if (options.force()) {
                throw new UsageException("--force with a launcher: remove results/" + plan.name() + "/RUN_ID folders to train them again on the cluster");
            }
            return new ClusterLaunch(out).launch(plan, launcher, dataset, options.results(), options.data(), options.rerunFailed(),
                    options.dryRun(), options.await(), rerunArguments(arguments, options.file(), options.results(), options.data()));
        }
        ResultStore store = new ResultStore(options.results());
        int code = plan.isSweep() ? sweep(plan, dataset, store, options)
                : single(plan.trials().get(0).spec(), dataset, store, options.force(), options.rerunFailed(), options.dryRun());
        if (!options.dryRun()) {
            ReportCommand.refresh(options.results(), plan.name(), out);
        }
        return code;
    }

    /**
     * While the dataset loads, a copy of the first trial's network trains on random pictures
     * ({@link WarmUp}), where the dataset's pictures are known before loading; null otherwise.
     */
    private static WarmUp warmUp(ExperimentSpec spec) {
        Datasets.Pictures pictures = Datasets.knownBeforeLoading(spec.dataset());
        return pictures == null ? null : WarmUp.start(spec, pictures.imageShape(), pictures.classes(), threads(spec));
    }

    /** The threads a single run trains with: training.threads, at most the cores (0: every core); one for the plain kernels. */
    private static int threads(ExperimentSpec spec) {
        int cores = Runtime.getRuntime().availableProcessors();
        int asked = spec.training().threads();
        return Kernels.vectorBitsOfThisMachine() == 0 ? 1 : asked > 0 ? Math.min(asked, cores) : cores;
    }

    private static Options options(List<String> rest) throws UsageException {
        Path file = null;
        boolean force = false;
        boolean rerunFailed = false;
        boolean dryRun = false;
        boolean await = false;
        boolean printConfig = false;
        String launcher = null;
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
                case "--launcher" -> launcher = value(rest, ++i, "--launcher");
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
        return new Options(file, force, rerunFailed, dryRun, await, printConfig, launcher, results, data);
    }

    /** Hydra's --cfg job: what each trial will train, nothing loaded, nothing trained. */
    private void printConfig(ExperimentPlan plan) {
        int total = plan.sweep() != null && plan.sweep().tpe() != null ? plan.sweep().tpe().trials() : plan.trials().size();
        for (int i = 0; i < plan.trials().size(); i++) {
            out.println("# trial " + (i + 1) + " of " + total + (plan.trials().get(i).values().isEmpty() ? ""
                    : ": " + plan.trials().get(i).values()));
            out.print(CONFIG_YAML.dump(trainyard.config.CanonicalForm.of(plan.trials().get(i).spec())));
        }
        if (total > plan.trials().size()) {
            out.println("# and " + (total - plan.trials().size())
                    + " more trials, which TPE proposes from the figures of the trials before them while the sweep runs");
        }
    }

    /** Every trial against the loaded dataset, every fault at once; then the warnings of mistakes that train to no purpose. */
    private void checkAgainstDataset(ExperimentPlan plan, Dataset dataset) throws ConfigException, UsageException {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Trial trial : plan.trials()) {
            try {
                DatasetChecks.check(trial.experiment(), dataset);
            } catch (ConfigException e) {
                e.problems().stream().filter(p -> problems.stream().noneMatch(q -> q.toString().equals(p.toString()))).forEach(problems::add);
            }
        }
        boolean regression = dataset.table() != null && dataset.table().isRegression();
        String[][] metrics = plan.sweep() == null ? new String[0][] : new String[][] {
            {"sweep.halving.metric", plan.sweep().halving() == null ? null : plan.sweep().halving().metric()},
            {"sweep.tpe.metric", plan.sweep().tpe() == null ? null : plan.sweep().tpe().metric()}};
        for (String[] metric : metrics) {
            if (problems.isEmpty() && metric[1] != null && !trainyard.config.Metrics.appliesTo(metric[1], regression)) {
                throw new UsageException(metric[0] + ": " + metric[1] + " is " + (regression ? "a classification's"
                        : "a regression's") + " figure; this sweep is a " + (regression ? "regression: rank by val_loss, val_mae or val_rmse"
                        : "classification: rank by val_loss or val_accuracy"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        java.util.Set<String> warnings = new java.util.LinkedHashSet<>(); // a sweep's trials often share one mistake: said once
        for (Trial trial : plan.trials()) {
            warnings.addAll(trainyard.train.TrainingWarnings.before(trial.spec(), trainExamples(trial.spec(), dataset)));
        }
        warnings.forEach(Main.warningsTo(err));
    }

    private int sweep(ExperimentPlan plan, Dataset dataset, ResultStore store, Options options)
            throws IOException, InterruptedException, ConfigException {
        SweepRunner.Summary summary = new SweepRunner(plan, dataset, store, out, Terminal.isStandardOutput(), Terminal.columns())
                .run(new SweepRunner.Options(options.force(), options.rerunFailed(), options.dryRun()));
        if (summary.failed() + summary.diverged() > 0) {
            err.println("trainyard: " + summary.failed() + " failed and " + summary.diverged() + " diverged of " + summary.total()
                    + " trials (listed above); --rerun-failed retries them");
            return ExitCode.RUN_FAILED;
        }
        return ExitCode.OK;
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
        int threads = threads(spec);
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
        return outcome(spec, dataset, report);
    }

    /** What a single run came to, in a line or two, and its exit code. */
    private int outcome(ExperimentSpec spec, Dataset dataset, TrialRunner.Report report) {
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
