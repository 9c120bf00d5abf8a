package trainyard.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import trainyard.config.ConfigException;
import trainyard.data.DataException;
import trainyard.files.UserText;

/**
 * Entry point: `trainyard COMMAND ...`. Turns every expected fault into a short message
 * on stderr and a named exit code; a stack trace only with --debug.
 */
public final class Main {
    static final String USAGE = """
            usage: trainyard run FILE.yaml [key=value ...] [-m key=a,b ...] [--force] [--rerun-failed] [--dry-run] [--debug] [--results DIR] [--data DIR]
                                     [--launcher local|slurm|k8s] [--wait]
                   trainyard trial results/NAME/plan.json --index I [--results DIR] [--data DIR] [--threads N]
                   trainyard data [--dataset mnist|fashion_mnist|seattle_weather] [--data DIR]
                   trainyard evaluate MODEL_FOLDER [--data DIR]
                   trainyard predict MODEL_FOLDER IMAGE... [--json]
                   trainyard predict MODEL_FOLDER --rows ROWS.csv [--json]
                   trainyard report [--results DIR] [--out FILE]
              run       train the experiment (or sweep) in FILE.yaml; reuses finished identical runs unless --force
              trial     one trial of a sweep planned for a cluster (what each Slurm task or Kubernetes pod runs)
              data      fetch MNIST and the Seattle weather table into DIR (default data/) and verify their SHA-256 sums
              evaluate  test loss and accuracy of a run's saved model (results/NAME/RUN_ID)
              predict   the class of each image (PNG, JPEG, BMP, GIF, or IDX files) or table row, with its probability
              report    results/report.html: every run under results/ compared in one offline page""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command and returns its exit code; never calls System.exit, so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> arguments = Arrays.asList(args);
        boolean debug = arguments.contains("--debug");
        try {
            if (args.length == 0 || arguments.contains("--help") || args[0].equals("help")) {
                out.println(USAGE);
                return args.length == 0 ? ExitCode.BAD_INPUT : ExitCode.OK;
            }
            List<String> rest = arguments.subList(1, args.length);
            return switch (args[0]) {
                case "run" -> new RunCommand(out, err).execute(rest);
                case "data" -> DataCommand.execute(rest, out);
                case "evaluate" -> EvaluateCommand.execute(rest, out);
                case "predict" -> PredictCommand.execute(rest, out, err);
                case "report" -> ReportCommand.execute(rest, out, err);
                case "trial" -> TrialCommand.execute(rest, out, err);
                default -> throw new UsageException("unknown command '" + args[0] + "'; expected run, trial, data, evaluate, predict or report");
            };
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCode.BAD_INPUT;
        } catch (DataException e) {
            err.println("trainyard: " + UserText.escaped(String.valueOf(e.getMessage())));
            debugTrace(debug, e, err);
            return ExitCode.BAD_INPUT;
        } catch (trainyard.results.ModelFile.ModelFileException e) {
            err.println("trainyard: " + UserText.escaped(String.valueOf(e.getMessage())));
            return ExitCode.BAD_INPUT;
        } catch (UsageException e) {
            err.println("trainyard: " + UserText.escaped(String.valueOf(e.getMessage())));
            err.println(USAGE);
            return ExitCode.BAD_INPUT;
        } catch (trainyard.launch.SlurmArray.SubmissionException e) {
            err.println("trainyard: " + UserText.escaped(String.valueOf(e.getMessage())));
            return ExitCode.NOT_SUBMITTED;
        } catch (trainyard.results.AtomicFiles.WriteFailedException e) {
            err.println("trainyard: " + UserText.escaped(String.valueOf(e.getMessage())));
            debugTrace(debug, e, err);
            return ExitCode.RUN_FAILED;
        } catch (java.io.IOException e) {
            err.println("trainyard: cannot read or write a file: " + (e instanceof java.nio.file.FileSystemException fileSystem
                    ? fileSystem.getFile() + ": " + trainyard.files.BoundedFiles.reason(e) : String.valueOf(e))
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            debugTrace(debug, e, err);
            return ExitCode.RUN_FAILED;
        } catch (OutOfMemoryError e) {
            err.println("trainyard: out of memory (" + e.getMessage() + "); use a smaller network or batch, or give the JVM a larger -Xmx.");
            return ExitCode.RUN_FAILED;
        } catch (Exception e) {
            err.println("trainyard: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            debugTrace(debug, e, err);
            return ExitCode.RUN_FAILED;
        }
    }

    /**
     * Where a command's warnings go: one line each on stderr, with the control, bidi and
     * zero-width characters of what they quote escaped (a warning may quote a damaged file).
     */
    static java.util.function.Consumer<String> warningsTo(PrintStream err) {
        return line -> err.println(UserText.escaped(line));
    }

    private static void debugTrace(boolean debug, Throwable e, PrintStream err) {
        if (debug) {
            e.printStackTrace(err);
        }
    }
}
