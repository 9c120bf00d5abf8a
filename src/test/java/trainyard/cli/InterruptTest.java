package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) on a real `trainyard run` process: it says in one line how far training got
 * and how to go on, exits 130, and the same command then resumes from the checkpoint.
 */
class InterruptTest {
    @TempDir
    Path folder;

    @Test
    void ctrlCSaysHowFarTrainingGotAndTheSameCommandGoesOn() throws Exception {
        Path experiment = Files.writeString(folder.resolve("killed.yaml"), KillResumeTest.experiment(folder));
        Path results = folder.resolve("results");
        Path log = folder.resolve("first.log");
        Process process = KillResumeTest.start(experiment, results, ProcessBuilder.Redirect.to(log.toFile()));
        awaitFirstCheckpoint(process, results);
        assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(130);
        String first = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(first).containsPattern("trainyard: interrupted after epoch [1-9]+ of 12; run the same command to continue from the last epoch's checkpoint")
                .doesNotContain("\tat ");
        Path second = folder.resolve("second.log");
        Process again = KillResumeTest.start(experiment, results, ProcessBuilder.Redirect.to(second.toFile()));
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as(Files.readString(second)).isZero();
        assertThat(Files.readString(second)).containsPattern("Resuming from the checkpoint saved after epoch [1-9]+/12");
    }

    /** A sweep stopped by Ctrl-C says its trials keep their checkpoints, and sweep.json says interrupted, not running. */
    @Test
    void ctrlCOnASweepRecordsTheInterruptedTrials() throws Exception {
        Path experiment = Files.writeString(folder.resolve("killed.yaml"), KillResumeTest.experiment(folder)
                + "sweep:\n  parallel: 1\n  grid:\n    training.seed: [4, 5]\n");
        Path results = folder.resolve("results");
        Path log = folder.resolve("sweep.log");
        Process process = KillResumeTest.start(experiment, results, ProcessBuilder.Redirect.to(log.toFile()));
        awaitFirstCheckpoint(process, results);
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("Interrupted: the running trials stop here and keep their last finished epoch's checkpoint");
        String sweep = Files.readString(results.resolve("killed").resolve("sweep.json"));
        assertThat(sweep).contains("\"interrupted\"").doesNotContain("\"running\"");
    }

    /** Waits (up to 120 s) until the run's first epoch has written its checkpoint, or the process has ended. */
    private static void awaitFirstCheckpoint(Process process, Path results) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (process.isAlive() && !KillResumeTest.hasRunFolder(results) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        Path checkpoint = KillResumeTest.runFolder(results).resolve("checkpoint.bin");
        while (process.isAlive() && KillResumeTest.modified(checkpoint) == null && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }
}
