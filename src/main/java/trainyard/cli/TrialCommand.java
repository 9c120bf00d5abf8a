package trainyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import trainyard.config.ExperimentLoader;
import trainyard.config.ExperimentSpec;
import trainyard.data.DataException;
import trainyard.data.Dataset;
import trainyard.data.Datasets;
import trainyard.launch.PlanFile;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;
import trainyard.sweep.TrialRunner;
import trainyard.train.ConsoleProgress;

/**
 * `trainyard trial results/NAME/plan.json --index I`: one trial of a planned sweep, as a
 * cluster's task runs it (a Slurm array task, a Kubernetes pod). Trains like a local
 * trial, on the shared results folder, under the same lock: a trial already done, or held
 * by another process, exits 0 at once, so a task that runs twice does no harm.
 */
final class TrialCommand {
    private TrialCommand() {
    }

    /** What the trial command was asked: which plan and trial, where, and (for a halving rung) how far. */
    private record Request(Path planFile, int index, Path results, Path data, Integer threads, Integer epochs, Integer rung) {
    }

    static int execute(List<String> arguments, PrintStream out, PrintStream err) throws UsageException, IOException, DataException,
            trainyard.config.ConfigException {
        Request request = request(arguments);
        Path planFile = request.planFile();
        int index = request.index();
        PlanFile.Entry entry;
        try {
            entry = PlanFile.read(planFile, index);
        } catch (IOException e) {
            throw new DataException(e.getMessage());
        }
        // The plan's folder is results/NAME: its parent is the results folder unless told otherwise.
        Path root = request.results() != null ? request.results() : planFile.toAbsolutePath().getParent().getParent();
        ExperimentSpec spec = spec(planFile, index, entry);
        if (request.rung() != null && !entry.halving()) {
            throw new UsageException("--epochs and --rung are a halving rung's; " + planFile + " is not a halving sweep's plan");
        }
        if (request.epochs() != null && request.epochs() > spec.training().epochs()) {
            throw new UsageException("--epochs " + request.epochs() + " is past trial " + index + "'s " + spec.training().epochs() + " epochs");
        }
        Dataset dataset = Datasets.load(spec, request.data(), out::println, Main.warningsTo(err));
        TrialRunner runner = new TrialRunner(new ResultStore(root), dataset, Main.warningsTo(err));
        if (!runner.runId(spec).equals(entry.runId())) {
            throw new DataException(planFile + ": trial " + index + "'s config gives run_id " + runner.runId(spec) + ", not the planned "
                    + entry.runId() + " (another dataset or Trainyard version); plan the sweep again");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        String slurmCpus = System.getenv("SLURM_CPUS_PER_TASK");
        int used = request.threads() != null ? request.threads()
                : slurmCpus != null && slurmCpus.matches("\\d+") ? Integer.parseInt(slurmCpus) : cores;
        out.printf(Locale.ROOT, "Trial %d of %s: %s/%s on %s with %d thread%s%n", index, planFile, spec.name(), entry.runId(), dataset.name(),
                used, used == 1 ? "" : "s");
        TrialRunner.Report report = runner.run(spec, Math.max(1, Math.min(used, cores)), false, new ConsoleProgress(out, false), network -> { },
                null, request.rung() == null ? null : new TrialRunner.RungBudget(request.rung(), request.epochs()));
        if (report.claimedElsewhere()) {
            out.println("Another process holds this trial; nothing to do here.");
            return ExitCode.OK;
        }
        RunResult result = report.result().orElseThrow();
        if (report.alreadyDone()) {
            out.println("Already done: " + report.resultFile() + " (" + result.status().jsonName() + ")");
            return ExitCode.OK;
        }
        out.println("Result: " + report.resultFile() + " (" + result.status().jsonName() + ")");
        return result.status().isFailure() ? ExitCode.RUN_FAILED : ExitCode.OK;
    }

    private static Request request(List<String> arguments) throws UsageException {
        Path planFile = null;
        Integer index = null;
        Path results = null;
        Path data = trainyard.data.DataFolder.standard();
        Integer threads = null;
        Integer epochs = null;
        Integer rung = null;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            switch (argument) {
                case "--index" -> index = number(RunCommand.value(arguments, ++i, "--index"), "--index", 0);
                case "--results" -> results = Path.of(RunCommand.value(arguments, ++i, "--results"));
                case "--data" -> data = Path.of(RunCommand.value(arguments, ++i, "--data"));
                case "--threads" -> threads = number(RunCommand.value(arguments, ++i, "--threads"), "--threads", 1);
                case "--epochs" -> epochs = number(RunCommand.value(arguments, ++i, "--epochs"), "--epochs", 1);
                case "--rung" -> rung = number(RunCommand.value(arguments, ++i, "--rung"), "--rung", 1);
                case "--debug" -> { }
                default -> {
                    if (argument.startsWith("-") || planFile != null) {
                        throw new UsageException("trial takes one plan file and --index, found '" + argument + "'");
                    }
                    planFile = Path.of(argument);
                }
            }
        }
        if (planFile == null || index == null) {
            throw new UsageException("usage: trainyard trial results/NAME/plan.json --index I [--results DIR] [--data DIR] [--threads N]"
                    + " [--epochs E --rung R]");
        }
        if ((epochs == null) != (rung == null)) {
            throw new UsageException("--epochs and --rung go together: a halving rung's number and its epochs");
        }
        return new Request(planFile, index, results, data, threads, epochs, rung);
    }

    /** The trial's experiment, from the plan's config. */
    private static ExperimentSpec spec(Path planFile, int index, PlanFile.Entry entry) throws IOException, DataException {
        try {
            return ExperimentLoader.parse(new ObjectMapper().writeValueAsString(entry.config()), planFile).spec();
        } catch (trainyard.config.ConfigException e) {
            // The config was parsed from the plan's JSON re-serialised on one line: a column there names no place in the file.
            var problems = e.problems();
            throw new DataException(planFile + ": trial " + index + "'s config is not a valid experiment: " + problems.get(0).message()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "") + "; plan the sweep again");
        }
    }

    private static int number(String text, String option, int minimum) throws UsageException {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a whole number, found '" + trainyard.files.UserText.printable(text) + "'");
        }
        if (value < minimum) {
            throw new UsageException(option + " takes a whole number of at least " + minimum + ", found " + value);
        }
        return value;
    }
}
