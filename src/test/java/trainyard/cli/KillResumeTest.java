package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;
import trainyard.results.ResultFigures;

/**
 * kill -9 at several moments of a real `trainyard run` process (right after a checkpoint
 * is written, and part-way into later epochs), then the same command again: the run goes
 * on from its last finished epoch, and its model file and every figure of its result
 * are the same bits as those of a run never killed.
 */
class KillResumeTest {
    @TempDir
    Path folder;

    String experiment() throws IOException {
        return experiment(folder);
    }

    /** 12 epochs of a dropout MLP with AdamW on a cosine schedule, over a synthetic dataset written into folder/data. */
    static String experiment(Path folder) throws IOException {
        Path[] files = SyntheticIdx.write(Files.createDirectories(folder.resolve("data")), 3000, 300, 4, 16, 9, 0.2);
        return """
                name: killed
                %s
                model:
                  input_dropout: 0.1
                  layers:
                    - {dense: 128, activation: relu, dropout: 0.3, max_norm: 3}
                    - {dense: 4, activation: softmax}
                loss: categorical_crossentropy
                optimizer:
                  name: adamw
                  learning_rate: {cosine_decay: {initial_learning_rate: 0.005, decay_steps: 2000}}
                training: {epochs: 12, batch_size: 10, validation: test, seed: 4}
                """.formatted(SyntheticIdx.datasetSection(files));
    }

    /** `trainyard run` in a JVM of its own, so that it can be killed with SIGKILL. */
    static Process start(Path experiment, Path results) throws IOException {
        return start(experiment, results, ProcessBuilder.Redirect.DISCARD);
    }

    static Process start(Path experiment, Path results, ProcessBuilder.Redirect output) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "trainyard.cli.Main", "run", experiment.toString(), "--results", results.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    }

    static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits for a checkpoint newer than {@code after}, then {@code delayMillis} more, then kills the process. */
    static boolean killAfterCheckpoint(Process process, Path checkpoint, FileTime after, long delayMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (process.isAlive() && System.nanoTime() < deadline) {
            FileTime now = modified(checkpoint);
            if (now != null && (after == null || now.compareTo(after) > 0)) {
                Thread.sleep(delayMillis);
                process.destroyForcibly(); // SIGKILL on Linux and macOS
                process.waitFor(30, TimeUnit.SECONDS);
                return true;
            }
            Thread.sleep(2);
        }
        process.waitFor(30, TimeUnit.SECONDS);
        return false;
    }

    static boolean hasRunFolder(Path results) throws IOException {
        if (!Files.isDirectory(results.resolve("killed"))) {
            return false;
        }
        try (Stream<Path> runs = Files.list(results.resolve("killed"))) {
            return runs.anyMatch(Files::isDirectory);
        }
    }

    static Path runFolder(Path results) throws IOException {
        try (Stream<Path> runs = Files.list(results.resolve("killed"))) {
            return runs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void killedAtSeveralMomentsTheRunEndsAsIfNeverKilled() throws Exception {
        Path experiment = Files.writeString(folder.resolve("killed.yaml"), experiment());
        Path whole = folder.resolve("whole");
        Outcome uninterrupted = Outcome.of("run", experiment.toString(), "--results", whole.toString());
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isZero();

        Path killed = folder.resolve("killed");
        Path checkpoint = null;
        FileTime last = null;
        int kills = 0;
        for (long delay : new long[] {0, 40, 170, 5}) {
            Process process = start(experiment, killed);
            if (checkpoint == null) {
                while (process.isAlive() && !hasRunFolder(killed)) { // the experiment's folder is made a moment before the run's
                    Thread.sleep(2);
                }
                checkpoint = runFolder(killed).resolve("checkpoint.bin");
            }
            if (killAfterCheckpoint(process, checkpoint, last, delay)) {
                kills++;
            }
            last = modified(checkpoint);
            assertThat(Files.exists(runFolder(killed).resolve("result.json"))).as("a killed run writes no result").isFalse();
        }
        assertThat(kills).isEqualTo(4);
        Outcome finished = Outcome.of("run", experiment.toString(), "--results", killed.toString());
        assertThat(finished.exitCode()).as(finished.err()).isZero();
        assertThat(finished.out()).contains("Resuming from the checkpoint saved after epoch ");

        Path expected = runFolder(whole);
        Path actual = runFolder(killed);
        assertThat(actual.getFileName()).isEqualTo(expected.getFileName());
        assertThat(Files.readAllBytes(actual.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(expected.resolve("model.safetensors")));
        assertThat(ResultFigures.of(actual.resolve("result.json"))).isEqualTo(ResultFigures.of(expected.resolve("result.json")));
        assertThat(actual.resolve("checkpoint.bin")).doesNotExist();
    }
}
