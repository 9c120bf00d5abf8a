package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;
import trainyard.results.ResultFigures;

/**
 * The Slurm launcher on a real one-node Slurm: an 8-trial sweep submitted as a job array
 * two tasks at a time, one task cancelled mid-trial with scancel, the same command run
 * again: it submits only the unfinished trial, which goes on from its checkpoint, and every
 * trial ends with the figures a local run at sweep.parallel=1 gives.
 */
class SlurmLauncherTest {
    @TempDir
    Path folder;
    @TempDir
    static Path clusterFolder;
    static SingleNodeSlurm slurm;

    @org.junit.jupiter.api.BeforeAll
    static void startCluster() throws Exception {
        String unavailable = SingleNodeSlurm.unavailable();
        Assumptions.assumeTrue(unavailable == null, () -> "the Slurm tests were skipped: " + unavailable);
        slurm = SingleNodeSlurm.start(clusterFolder);
    }

    @org.junit.jupiter.api.AfterAll
    static void stopCluster() throws Exception {
        if (slurm != null) {
            slurm.close();
        }
    }

    String experiment() throws IOException {
        Path[] files = SyntheticIdx.write(Files.createDirectories(folder.resolve("data")), 3000, 300, 4, 12, 5, 0.2);
        return """
                name: clustered
                %s
                model:
                  layers:
                    - {dense: 96, activation: relu}
                    - {dense: 4, activation: softmax}
                loss: categorical_crossentropy
                optimizer: adam
                training: {epochs: 8, batch_size: 10, validation: test, seed: 2}
                sweep:
                  grid:
                    optimizer.learning_rate: [0.001, 0.003]
                    model.layers[0].activation: [relu, tanh]
                    training.batch_size: [10, 20]
                  launcher:
                    slurm: {cpus_per_task: 1, array_parallel: 2}
                """.formatted(SyntheticIdx.datasetSection(files));
    }

    /** `trainyard run` in a JVM of its own with the cluster's SLURM_CONF; its output. */
    static String run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "trainyard.cli.Main"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void aCancelledTaskIsFinishedByResubmittingAndTheFiguresAreTheLocalOnes() throws Exception {
        Path experiment = Files.writeString(folder.resolve("clustered.yaml"), experiment());
        Path local = folder.resolve("local");
        Outcome here = Outcome.of("run", experiment.toString(), "--results", local.toString(), "--launcher", "local", "sweep.parallel=1");
        assertThat(here.exitCode()).as(here.err()).isZero();

        Path results = folder.resolve("cluster with space");
        String submitted = run(slurm.environment(), "run", experiment.toString(), "--results", results.toString());
        Matcher job = Pattern.compile("Submitted Slurm job (\\d+): --array=0-7%2").matcher(submitted);
        assertThat(job.find()).as(submitted).isTrue();
        String jobId = job.group(1);
        assertThat(submitted).contains("8 trials, 8 to run").contains("squeue -j " + jobId);

        // Cancel a running task once its trial has a checkpoint (mid-trial).
        String cancelled = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (cancelled == null && System.nanoTime() < deadline) {
            for (String task : slurm.tasks(jobId, "RUNNING")) {
                String index = task.substring(task.indexOf('_') + 1);
                Path output = results.resolve("clustered").resolve("slurm").resolve(jobId + "_" + index + ".out");
                if (Files.exists(output) && Files.readString(output).contains("Epoch 3/8")) {
                    slurm.cancel(task);
                    cancelled = index;
                    break;
                }
            }
            Thread.sleep(50);
        }
        assertThat(cancelled).as("no task was seen mid-trial").isNotNull();
        while (slurm.queued(jobId)) {
            Thread.sleep(250);
        }
        assertThat(ResultFigures.byRunId(results.resolve("clustered"))).hasSize(7);

        String again = run(slurm.environment(), "run", experiment.toString(), "--results", results.toString(), "--wait");
        assertThat(again).contains("8 trials, 1 to run").contains("--array=" + cancelled + "%2");
        assertThat(again.lines().filter(line -> line.endsWith("  completed")).count()).as(again).isEqualTo(8); // the final table

        // The resumed task went on from the cancelled one's checkpoint: no finished epoch was trained twice.
        int epochLines = 0;
        String suffix = "_" + cancelled + ".out";
        try (Stream<Path> outputs = Files.list(results.resolve("clustered").resolve("slurm"))) {
            for (Path output : outputs.filter(p -> p.getFileName().toString().endsWith(suffix)).toList()) {
                String text = Files.readString(output);
                epochLines += (int) text.lines().filter(line -> line.matches("Epoch \\d+/8")).count();
            }
        }
        assertThat(epochLines).as("epochs started for the cancelled trial, across both tasks").isBetween(8, 9);
        assertThat(ResultFigures.byRunId(results.resolve("clustered"))).isEqualTo(ResultFigures.byRunId(local.resolve("clustered")));
        try (Stream<Path> files = Files.walk(results)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("checkpoint.bin"))).isEmpty();
        }
    }

    /**
     * Successive halving on Slurm: each rung an array, and after it a one-task job running the
     * same command, which decides the rung and submits the next; --wait follows the chain.
     */
    @Test
    void halvingRunsARungPerArrayAndDecidesAsALocalSweepDoes() throws Exception {
        String text = experiment().replace("name: clustered", "name: halved").replace("epochs: 8,", "epochs: 1,")
                .replace("""
                  grid:
                    optimizer.learning_rate: [0.001, 0.003]
                    model.layers[0].activation: [relu, tanh]
                    training.batch_size: [10, 20]
                """, """
                  random:
                    trials: 9
                    seed: 4
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                  halving: {min_epochs: 1, max_epochs: 9, reduction_factor: 3}
                """);
        Path experiment = Files.writeString(folder.resolve("halved.yaml"), text);
        Path local = folder.resolve("local");
        Outcome here = Outcome.of("run", experiment.toString(), "--results", local.toString(), "--launcher", "local");
        assertThat(here.exitCode()).as(here.err()).isIn(0, ExitCode.RUN_FAILED);

        Path results = folder.resolve("cluster");
        String output = run(slurm.environment(), "run", experiment.toString(), "--results", results.toString(), "--wait");
        assertThat(output).contains("Rung 1 (1 epochs): submitted Slurm job").contains("Waiting for every rung");
        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(local.resolve("halved/sweep.json").toFile()).get("decisions");
        JsonNode actual = json.readTree(results.resolve("halved/sweep.json").toFile()).get("decisions");
        assertThat(actual).hasSize(2).isEqualTo(expected);
        assertThat(ResultFigures.byRunId(results.resolve("halved"))).isEqualTo(ResultFigures.byRunId(local.resolve("halved")));
        try (Stream<Path> logs = Files.list(results.resolve("halved/slurm"))) {
            assertThat(logs.filter(p -> p.getFileName().toString().startsWith("decide-")).count()).isEqualTo(3); // after rungs 1, 2 and 3
        }
    }

    /**
     * TPE on Slurm: each batch an array, and after it a one-task job running the same command,
     * which proposes the next batch from the figures; the trials proposed and their figures are
     * a local sweep's.
     */
    @Test
    void tpeRunsABatchPerArrayAndProposesAsALocalSweepDoes() throws Exception {
        String text = experiment().replace("name: clustered", "name: learned").replace("epochs: 8,", "epochs: 2,")
                .replace("validation: test", "validation: {split: 0.2}")
                .replace("""
                  grid:
                    optimizer.learning_rate: [0.001, 0.003]
                    model.layers[0].activation: [relu, tanh]
                    training.batch_size: [10, 20]
                """, """
                  tpe:
                    trials: 6
                    seed: 4
                    startup_trials: 2
                    batch: 2
                    metric: val_loss
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                      model.layers[0].dense: {int_uniform: [16, 96]}
                """);
        Path experiment = Files.writeString(folder.resolve("learned.yaml"), text);
        Path local = folder.resolve("local");
        Outcome here = Outcome.of("run", experiment.toString(), "--results", local.toString(), "--launcher", "local");
        assertThat(here.exitCode()).as(here.err()).isZero();

        Path results = folder.resolve("cluster");
        String output = run(slurm.environment(), "run", experiment.toString(), "--results", results.toString(), "--wait");
        assertThat(output).contains("TPE batch of trials 1-2: submitted Slurm job").contains("Waiting for every batch");
        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(local.resolve("learned/sweep.json").toFile()).get("trials");
        JsonNode actual = json.readTree(results.resolve("learned/sweep.json").toFile()).get("trials");
        assertThat(actual).hasSize(6).isEqualTo(expected);
        assertThat(ResultFigures.byRunId(results.resolve("learned"))).isEqualTo(ResultFigures.byRunId(local.resolve("learned")));
        try (Stream<Path> logs = Files.list(results.resolve("learned/slurm"))) {
            assertThat(logs.filter(p -> p.getFileName().toString().startsWith("decide-")).count()).isEqualTo(3); // after each batch
        }
        JsonNode plan = json.readTree(results.resolve("learned").resolve("plan.json").toFile()).get("trials");
        assertThat(plan).hasSize(6);
    }
}
