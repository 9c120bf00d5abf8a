package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;

/** The launcher's commands without a cluster: dry runs, the Kubernetes manifest, and `trial` by index, good and bad. */
class LauncherCommandTest {
    @TempDir
    Path folder;

    Path experiment(String extra) throws IOException {
        Path[] files = SyntheticIdx.write(Files.createDirectories(folder.resolve("data")), 200, 50, 3, 8, 4);
        return Files.writeString(folder.resolve("launched.yaml"), """
                name: launched
                %s
                model:
                  layers:
                    - {dense: 8, activation: relu}
                    - {dense: 3, activation: softmax}
                loss: categorical_crossentropy
                optimizer: sgd
                training: {epochs: 2, batch_size: 20, validation: test}
                sweep:
                  grid: {optimizer.learning_rate: [0.01, 0.1, 0.5]}
                """.formatted(SyntheticIdx.datasetSection(files)) + extra);
    }

    @Test
    void aDryRunPrintsTheScriptAndTheIndicesAndWritesNothing() throws Exception {
        Path results = folder.resolve("results");
        Outcome dry = Outcome.of("run", experiment("").toString(), "--results", results.toString(), "--launcher", "slurm", "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("3 trials, 3 to run; would submit --array=0-2 of this script").contains("#SBATCH --cpus-per-task=2");
        assertThat(results).doesNotExist();
    }

    @Test
    void theKubernetesLauncherWritesThePlanAndTheJob() throws Exception {
        Path results = folder.resolve("results");
        Outcome k8s = Outcome.of("run", experiment("  launcher: {k8s: {volume_claim: shared, parallelism: 2}}\n").toString(), "--results",
                results.toString());
        assertThat(k8s.exitCode()).as(k8s.err()).isZero();
        Path job = results.resolve("launched/k8s/job.yaml");
        assertThat(k8s.out()).contains("kubectl apply -f " + job);
        assertThat(Files.readString(job)).contains("completions: 3", "parallelism: 2", "claimName: shared");
        assertThat(results.resolve("launched/plan.json")).exists();
        // --launcher local runs the same file here, with the same run_ids the plan holds.
        Outcome local = Outcome.of("run", folder.resolve("launched.yaml").toString(), "--results", results.toString(), "--launcher", "local");
        assertThat(local.exitCode()).as(local.err()).isZero();
        for (String runId : new com.fasterxml.jackson.databind.ObjectMapper().readTree(results.resolve("launched/plan.json").toFile())
                .findValuesAsText("run_id")) {
            assertThat(results.resolve("launched").resolve(runId).resolve("result.json")).exists();
        }
    }

    @Test
    void aTrialRunsByIndexOnceAndBadIndicesOrPlansAreOneLine() throws Exception {
        Path results = folder.resolve("results");
        Outcome planned = Outcome.of("run", experiment("  launcher: {k8s: null}\n").toString(), "--results", results.toString());
        assertThat(planned.exitCode()).as(planned.err()).isZero();
        Path plan = results.resolve("launched/plan.json");
        Outcome first = Outcome.of("trial", plan.toString(), "--index", "1", "--data", folder.resolve("data").toString(), "--threads", "1");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Trial 1 of " + plan).contains("Epoch 2/2").contains("(completed)");
        Outcome again = Outcome.of("trial", plan.toString(), "--index", "1");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Already done: ");

        Outcome outside = Outcome.of("trial", plan.toString(), "--index", "7");
        assertThat(outside.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outside.errorLines()).containsExactly("trainyard: " + plan + ": no trial 7; the plan has indices 0 to 2");
        Path broken = Files.writeString(folder.resolve("broken.json"), "{\"trials\": ");
        Outcome damaged = Outcome.of("trial", broken.toString(), "--index", "0");
        assertThat(damaged.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(damaged.errorLines()).hasSize(1).allSatisfy(line -> assertThat(line).contains(broken + ": not a plan"));
        Outcome noIndex = Outcome.of("trial", plan.toString());
        assertThat(noIndex.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }

    @Test
    void unsupportedCombinationsAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path results = folder.resolve("results");
        Outcome unknown = Outcome.of("run", experiment("").toString(), "--results", results.toString(), "--launcher", "lsf");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("--launcher takes local, slurm or k8s, found 'lsf'");
        Outcome halving = Outcome.of("run", experiment("  halving: {min_epochs: 1, max_epochs: 3}\n").toString(), "--results", results.toString(),
                "--launcher", "k8s");
        assertThat(halving.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(halving.err()).contains("sweep.halving runs on Slurm or on this machine; a Kubernetes Job has no way to start the next rung");
        assertThat(results).doesNotExist();
    }

    /** Without sbatch: one line saying so, exit 4, and nothing but the plan written. */
    @Test
    void withoutSbatchTheSubmissionFailsInOneLine() throws Exception {
        Path results = folder.resolve("results");
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(javaBinary, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "trainyard.cli.Main", "run", experiment("").toString(), "--results", results.toString(), "--launcher", "slurm");
        builder.environment().put("PATH", folder.resolve("no-slurm-here").toString());
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isEqualTo(ExitCode.NOT_SUBMITTED);
        assertThat(err.lines().filter(line -> line.startsWith("trainyard: "))).containsExactly("trainyard: sbatch cannot be run here (not found"
                + " on PATH); submit from a Slurm login node, or install slurm-client with a slurm.conf (SLURM_CONF)");
        assertThat(err).doesNotContain("Exception");
    }
}
