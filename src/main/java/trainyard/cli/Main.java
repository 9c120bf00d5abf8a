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
    /** Each command: how it is called, and what it does. `trainyard COMMAND --help` prints its own. */
    static final java.util.Map<String, String[]> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("run", new String[] {"trainyard run FILE.yaml [key=value ...] [-m key=a,b ...] [--force] [--rerun-failed] [--dry-run] [--cfg]"
                + " [--debug] [--results DIR] [--data DIR] [--launcher local|slurm|k8s] [--wait] [--] [FILE.yaml]",
            "train the experiment (or sweep) in FILE.yaml; reuses finished identical runs unless --force; --cfg prints each trial's"
                + " resolved experiment and trains nothing; key=value overrides any key (training.epochs=1), -m sweeps over values"});
        COMMANDS.put("trial", new String[] {"trainyard trial results/NAME/plan.json --index I [--results DIR] [--data DIR] [--threads N]",
            "one trial of a sweep planned for a cluster (what each Slurm task or Kubernetes pod runs)"});
        COMMANDS.put("data", new String[] {"trainyard data [--dataset mnist|fashion_mnist|seattle_weather] [--data DIR]",
            "fetch MNIST and the Seattle weather table into DIR (default: $TRAINYARD_DATA, else the checkout's data/) and verify their SHA-256 sums"});
        COMMANDS.put("evaluate", new String[] {"trainyard evaluate MODEL_FOLDER [--data DIR]",
            "test loss and accuracy (a regression: mae and rmse) of a run's saved model (results/NAME/RUN_ID)"});
        COMMANDS.put("predict", new String[] {"trainyard predict MODEL_FOLDER IMAGE... [--json]   or   trainyard predict MODEL_FOLDER --rows ROWS.csv [--json]",
            "the class of each image (PNG, JPEG, BMP, GIF, or IDX files) or table row, with its probability (a regression: its value)"});
        COMMANDS.put("report", new String[] {"trainyard report [--results DIR] [--out FILE]",
            "results/report.html: every run under results/ compared in one offline page"});
    }

    static final String USAGE = usage();

    private static String usage() {
        StringBuilder text = new StringBuilder();
        COMMANDS.forEach((name, help) -> text.append(text.isEmpty() ? "usage: " : "       ").append(help[0]).append('\n'));
        COMMANDS.forEach((name, help) -> text.append(String.format("  %-9s %s%n", name, help[1])));
        return text.append("  --version prints Trainyard's version").toString();
    }

    /** The version the build wrote into trainyard/version.txt (the pom's). */
    static String version() {
        try (var in = Main.class.getResourceAsStream("/trainyard/version.txt")) {
            String text = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.startsWith("$") ? "unknown (not built by Maven)" : text;
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

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
            return dispatch(args, arguments, out, err);
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

    /** --version, --help (global or a command's), or the command itself. */
    private static int dispatch(String[] args, List<String> arguments, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && (args[0].equals("--version") || args[0].equals("version"))) {
            out.println("trainyard " + version() + " (Java " + Runtime.version() + ", "
                    + trainyard.kernels.VectorHardware.thisMachine().describe() + ")");
            return ExitCode.OK;
        }
        if (args.length > 0 && COMMANDS.containsKey(args[0]) && (arguments.contains("--help") || arguments.contains("-h"))) {
            String[] help = COMMANDS.get(args[0]);
            out.println("usage: " + help[0] + "\n  " + help[1]);
            return ExitCode.OK;
        }
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
