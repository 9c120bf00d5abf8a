package trainyard.launch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import trainyard.config.LauncherSpec;
import trainyard.results.AtomicFiles;

/**
 * A sweep as one Slurm job array: results/NAME/slurm/sweep.sbatch, submitted with
 * `sbatch --array=INDICES%K` for the trials not done yet. Each task runs the trial of its
 * index with this very Java and classpath (so the cluster's nodes need the project at the
 * same path, as a shared home or project folder gives), its threads from --cpus-per-task.
 */
public final class SlurmArray {
    public static final String SCRIPT = "sweep.sbatch";

    /** Slurm could not be asked, or refused: sbatch missing, no configuration, a bad partition. */
    public static final class SubmissionException extends IOException {
        SubmissionException(String message) {
            super(message);
        }
    }

    private SlurmArray() {
    }

    /** The batch script: #SBATCH lines from the launcher section, then the trial command. */
    public static String script(String experiment, LauncherSpec.Slurm slurm, Path planFile, Path results, Path data) {
        return script(experiment, slurm, planFile, results, data, List.of());
    }

    /** @param trialOptions more options of the trial command (a halving rung's --epochs and --rung) */
    public static String script(String experiment, LauncherSpec.Slurm slurm, Path planFile, Path results, Path data, List<String> trialOptions) {
        Path logs = results.toAbsolutePath().resolve(experiment).resolve("slurm");
        List<String> lines = new ArrayList<>(List.of("#!/bin/bash",
                "# Written by trainyard run --launcher slurm; each array task trains the trial of its index.",
                "#SBATCH --job-name=trainyard-" + experiment,
                "#SBATCH --cpus-per-task=" + slurm.cpusPerTask(),
                "#SBATCH --output=" + directiveValue(logs.resolve("%A_%a.out").toString())));
        if (slurm.partition() != null) {
            lines.add("#SBATCH --partition=" + slurm.partition());
        }
        if (slurm.time() != null) {
            lines.add("#SBATCH --time=" + slurm.time());
        }
        if (slurm.mem() != null) {
            lines.add("#SBATCH --mem=" + slurm.mem());
        }
        if (slurm.account() != null) {
            lines.add("#SBATCH --account=" + slurm.account());
        }
        slurm.extra().forEach(option -> lines.add("#SBATCH " + option));
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("trainyard.cli.Main", "trial", planFile.toAbsolutePath().toString(), "--index", "${SLURM_ARRAY_TASK_ID}",
                "--results", results.toAbsolutePath().toString(), "--data", data.toAbsolutePath().toString()));
        command.addAll(trialOptions);
        // Slurm's preemption and time limit send SIGTERM: the JVM stops, the last epoch's checkpoint stays,
        // and the requeued or resubmitted task goes on from it.
        lines.add("exec " + String.join(" ", command.stream().map(SlurmArray::quoted).toList()));
        return String.join("\n", lines) + "\n";
    }

    /** This JVM's java, options and classpath, so that a task runs exactly the code that planned it. */
    static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib") && !option.startsWith("-javaagent") && !option.startsWith("-XX:StartFlightRecording")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(part -> Path.of(part).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        return command;
    }

    /**
     * A one-task job that runs {@code trainyard ARGUMENTS} once the job it depends on has
     * ended however it ended (afterany): for halving, the same `run` command again, which
     * decides the rung just trained and submits the next.
     */
    public static String followUp(String experiment, Path results, List<String> arguments) {
        Path logs = results.toAbsolutePath().resolve(experiment).resolve("slurm");
        List<String> command = new ArrayList<>(javaCommand());
        command.add("trainyard.cli.Main");
        command.addAll(arguments);
        return String.join("\n", "#!/bin/bash",
                "# Written by trainyard run --launcher slurm: decides a halving rung once its array has ended, and submits the next.",
                "#SBATCH --job-name=trainyard-" + experiment,
                "#SBATCH --cpus-per-task=1",
                "#SBATCH --output=" + directiveValue(logs.resolve("decide-%j.out").toString()),
                "exec " + String.join(" ", command.stream().map(SlurmArray::quoted).toList())) + "\n";
    }

    /** Submits a script to start once job {@code after} has ended; returns its job id. */
    public static String submitAfter(Path script, String text, String after) throws IOException, InterruptedException {
        return sbatch(script, text, "--dependency=afterany:" + after);
    }

    /** Whether any job of this name is still queued or running. */
    public static boolean anyQueued(String jobName) throws IOException, InterruptedException {
        return queued("-n", jobName);
    }

    /**
     * A #SBATCH directive's value: sbatch splits directives at white space, and reads a value in
     * double quotes whole (a results folder with a space in its path).
     */
    static String directiveValue(String value) {
        return value.matches("[^\\s\"]+") ? value : "\"" + value.replace("\"", "\\\"") + "\"";
    }

    /** Single-quoted for the shell, except the task id, which the shell must expand. */
    private static String quoted(String word) {
        if (word.equals("${SLURM_ARRAY_TASK_ID}")) {
            return "\"$SLURM_ARRAY_TASK_ID\"";
        }
        return word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** sbatch's --array value: the indices as ranges ("0-3,5,7-9"), then %K when limited. */
    public static String arraySpec(List<Integer> indices, int atOnce) {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < indices.size(); i++) {
            int first = indices.get(i);
            int last = first;
            while (i + 1 < indices.size() && indices.get(i + 1) == last + 1) {
                last = indices.get(++i);
            }
            spec.append(spec.isEmpty() ? "" : ",").append(first == last ? Integer.toString(first) : first + "-" + last);
        }
        return atOnce > 0 ? spec + "%" + atOnce : spec.toString();
    }

    /** Writes the script atomically and submits it; returns the job id sbatch printed. */
    public static String submit(Path script, String text, List<Integer> indices, int atOnce) throws IOException, InterruptedException {
        return sbatch(script, text, "--array=" + arraySpec(indices, atOnce));
    }

    private static String sbatch(Path script, String text, String option) throws IOException, InterruptedException {
        AtomicFiles.write(script, text.getBytes(StandardCharsets.UTF_8));
        script.toFile().setExecutable(true);
        Process sbatch;
        try {
            sbatch = new ProcessBuilder("sbatch", "--parsable", option, script.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().contains("No such file") ? "not found on PATH" : e.getMessage();
            throw new SubmissionException("sbatch cannot be run here (" + why + "); submit from a Slurm login node,"
                    + " or install slurm-client with a slurm.conf (SLURM_CONF)");
        }
        String output = new String(sbatch.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!sbatch.waitFor(60, TimeUnit.SECONDS) || sbatch.exitValue() != 0) {
            throw new SubmissionException("sbatch refused " + script + ": " + output.lines().reduce((a, b) -> b).orElse("(no message)"));
        }
        return output.split(";")[0].strip(); // --parsable prints "JOBID" or "JOBID;CLUSTER"
    }

    /** Whether any task of the job is still queued or running. */
    public static boolean running(String jobId) throws IOException, InterruptedException {
        return queued("-j", jobId);
    }

    /** Whether squeue lists anything for this filter (-j JOBID, -n NAME). */
    private static boolean queued(String filter, String value) throws IOException, InterruptedException {
        Process squeue = new ProcessBuilder("squeue", "-h", filter, value, "-o", "%i").redirectErrorStream(true).start();
        String output = new String(squeue.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        squeue.waitFor(60, TimeUnit.SECONDS);
        return squeue.exitValue() == 0 && !output.isEmpty();
    }
}
