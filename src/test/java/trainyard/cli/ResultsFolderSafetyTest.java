package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;

/**
 * A results folder is shared with people and other processes: what lies in it (a link
 * where a lock goes, a result copied from another run, a folder where a checkpoint goes) or
 * what happens to it (a full disk) must never empty someone's file, show a run that never
 * trained, or be recorded as the configuration's failure. Each case runs the real command
 * line on a small synthetic dataset.
 */
class ResultsFolderSafetyTest {
    @TempDir
    static Path folder;
    static Path[] dataset;

    static Path experiment(String name, int seed) throws IOException {
        String body = "dataset:\n  idx:\n    train_images: " + dataset[0] + "\n    train_labels: " + dataset[1]
                + "\n    test_images: " + dataset[2] + "\n    test_labels: " + dataset[3] + "\n"
                + """
                model:
                  layers:
                    - {dense: 12, activation: relu}
                    - {dense: 3, activation: softmax}
                loss: categorical_crossentropy
                optimizer: adam
                training:
                  epochs: 2
                  batch_size: 32
                  threads: 1
                  seed: %d
                """.formatted(seed);
        return Files.writeString(folder.resolve(name + ".yaml"), body);
    }

    @BeforeAll
    static void data() throws IOException {
        dataset = SyntheticIdx.write(folder, 200, 60, 3, 28, 4);
    }

    /** The run_id a file gets, from the dry run's listing. */
    static String runIdOf(Path experiment, Path results) {
        Outcome dry = Outcome.of("run", experiment.toString(), "--results", results.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        return dry.out().lines().map(line -> line.replaceAll(".*\\b([0-9a-f]{12})\\b.*", "$1"))
                .filter(id -> id.matches("[0-9a-f]{12}")).findFirst().orElseThrow(() -> new AssertionError(dry.out()));
    }

    @Test
    void aLockThatIsASymbolicLinkIsRefusedAndItsTargetKept() throws Exception {
        Path precious = Files.writeString(folder.resolve("precious.txt"), "precious\n");
        Path results = folder.resolve("results-link");
        Path experiment = experiment("linked", 1);
        Path run = Files.createDirectories(results.resolve("linked").resolve(runIdOf(experiment, results)));
        Files.createSymbolicLink(run.resolve(".lock"), precious);

        Outcome outcome = Outcome.of("run", experiment.toString(), "--results", results.toString());

        assertThat(Files.readString(precious)).isEqualTo("precious\n");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(outcome.errorLines()).singleElement().asString()
                .contains(run.resolve(".lock").toString()).contains("is a symbolic link");
        assertThat(run.resolve("result.json")).doesNotExist();
    }

    @Test
    void aLockThatIsAHardLinkToSomeonesFileLeavesItsBytesAlone() throws Exception {
        Path precious = Files.writeString(folder.resolve("precious-hard.txt"), "precious\n");
        Path results = folder.resolve("results-hard");
        Path experiment = experiment("hard", 1);
        Path run = Files.createDirectories(results.resolve("hard").resolve(runIdOf(experiment, results)));
        Files.createLink(run.resolve(".lock"), precious);

        Outcome outcome = Outcome.of("run", experiment.toString(), "--results", results.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(Files.readString(precious)).isEqualTo("precious\n");
    }

    @Test
    void aResultCopiedIntoAnotherRunsFolderIsDamagedAndThatRunTrains() throws Exception {
        Path results = folder.resolve("results-copied");
        Path first = experiment("pair", 1);
        assertThat(Outcome.of("run", first.toString(), "--results", results.toString()).exitCode()).isZero();
        Path second = Files.writeString(folder.resolve("pair-2.yaml"),
                "name: pair\n" + Files.readString(first).replace("seed: 1", "seed: 2"));
        String secondId = runIdOf(second, results);
        String firstId = runIdOf(first, results);
        Path secondFolder = Files.createDirectories(results.resolve("pair").resolve(secondId));
        Files.copy(results.resolve("pair").resolve(firstId).resolve("result.json"), secondFolder.resolve("result.json"));

        Outcome outcome = Outcome.of("run", second.toString(), "--results", results.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).contains("it holds run " + firstId + "'s result, not this folder's").contains("moved to result.json.damaged-");
        RunResult trained = ResultStore.read(secondFolder.resolve("result.json")).orElseThrow();
        assertThat(trained.runId()).isEqualTo(secondId);
        assertThat(trained.config()).extracting("training").extracting("seed").isEqualTo(2);
    }

    @Test
    void aResultWhoseConfigWasEditedDoesNotStandForItsRun() throws Exception {
        Path results = folder.resolve("results-edited");
        Path experiment = experiment("edited", 1);
        assertThat(Outcome.of("run", experiment.toString(), "--results", results.toString()).exitCode()).isZero();
        Path result = results.resolve("edited").resolve(runIdOf(experiment, results)).resolve("result.json");
        Files.writeString(result, Files.readString(result).replace("\"seed\" : 1", "\"seed\" : 5"));

        assertThat(ResultStore.load(result)).isInstanceOfSatisfying(ResultStore.Stored.Damaged.class,
                damaged -> assertThat(damaged.reason()).contains("its config does not hash to its run_id"));
    }

    @Test
    void aFolderWhereTheCheckpointGoesIsMovedAsideAndTheRunCompletes() throws Exception {
        Path results = folder.resolve("results-folder");
        Path experiment = experiment("foldered", 1);
        Path run = Files.createDirectories(results.resolve("foldered").resolve(runIdOf(experiment, results)));
        Files.writeString(Files.createDirectories(run.resolve("checkpoint.bin")).resolve("notes.txt"), "mine\n");

        Outcome outcome = Outcome.of("run", experiment.toString(), "--results", results.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.errorLines()).singleElement().asString()
                .contains("checkpoint.bin is a folder, not a checkpoint; moved to checkpoint.bin.damaged-");
        assertThat(ResultStore.read(run.resolve("result.json")).orElseThrow().status().jsonName()).isEqualTo("completed");
        try (Stream<Path> files = Files.list(run)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("checkpoint.bin.damaged-")).findFirst().orElseThrow();
            assertThat(Files.readString(aside.resolve("notes.txt"))).isEqualTo("mine\n");
        }
    }

    /** A real full disk: a small tmpfs, filled; this needs root (CI runs as root) and a mount(8) that may mount. */
    @Test
    void aFullDiskIsNamedRecordsNothingAndTheNextRunTrains() throws Exception {
        Path disk = Files.createDirectories(folder.resolve("small-disk"));
        boolean mounted = "root".equals(System.getProperty("user.name"))
                && new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString()).inheritIO().start().waitFor() == 0;
        assumeTrue(mounted, "mounting a 1 MiB tmpfs needs root and a mount that is allowed here");
        try {
            Path results = disk.resolve("results");
            Path experiment = experiment("full", 1);
            Path filler = disk.resolve("filler");
            fill(filler);
            Outcome full = Outcome.of("run", experiment.toString(), "--results", results.toString());
            assertThat(full.exitCode()).isEqualTo(ExitCode.RUN_FAILED);
            assertThat(full.errorLines()).last().asString().startsWith("trainyard: disk full writing " + results);
            try (Stream<Path> written = Files.walk(results)) {
                assertThat(written.filter(p -> p.getFileName().toString().equals("result.json")).toList()).isEmpty();
            }
            // Room for the claim, not for the checkpoint: the disk fills while the run trains.
            try (var channel = java.nio.channels.FileChannel.open(filler, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() - (32 << 10));
            }
            Outcome midway = Outcome.of("run", experiment.toString(), "--results", results.toString());
            assertThat(midway.exitCode()).isEqualTo(ExitCode.RUN_FAILED);
            assertThat(midway.errorLines()).last().asString().startsWith("trainyard: disk full writing " + results)
                    .contains("checkpoint.bin");
            try (Stream<Path> written = Files.walk(results)) {
                assertThat(written.filter(p -> p.getFileName().toString().equals("result.json")).toList()).isEmpty();
            }
            Files.delete(filler);

            Outcome freed = Outcome.of("run", experiment.toString(), "--results", results.toString());

            assertThat(freed.exitCode()).as(freed.err()).isZero();
            assertThat(freed.out()).doesNotContain("Already done");
            assertThat(freed.out()).contains("Test accuracy");
        } finally {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    /** Writes until the file system says it is full. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 1 << 20; i++) {
                out.write(block);
            }
        } catch (IOException full) {
            return;
        }
        throw new AssertionError("the small disk never filled: " + List.of(filler));
    }

    /** A named pipe where a file goes would block its reader forever: every reader refuses it, and the run goes on. */
    @Test
    void aPipeWhereAFileGoesNeverHangs() throws Exception {
        Path results = folder.resolve("results-fifo");
        Path experiment = experiment("piped", 1);
        Path run = Files.createDirectories(results.resolve("piped").resolve(runIdOf(experiment, results)));
        assumeTrue(new ProcessBuilder("mkfifo", run.resolve("result.json").toString(), run.resolve("checkpoint.bin").toString())
                .start().waitFor() == 0, "mkfifo is not available");

        Outcome outcome = Outcome.of("run", experiment.toString(), "--results", results.toString());

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.err()).contains("result.json is damaged (cannot be read: is not a regular file (a pipe, socket or device))")
                .contains("checkpoint.bin is not a regular file, not a checkpoint; moved to checkpoint.bin.damaged-");
        assertThat(Files.isRegularFile(run.resolve("result.json"))).isTrue();
        Path model = run.resolve("model.safetensors");
        Files.delete(model);
        assertThat(new ProcessBuilder("mkfifo", model.toString()).start().waitFor()).isZero();
        Outcome evaluated = Outcome.of("evaluate", run.toString());
        assertThat(evaluated.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(evaluated.errorLines()).singleElement().asString().contains("model.safetensors: cannot be read: is not a regular file");
        Path picture = folder.resolve("picture.png");
        assertThat(new ProcessBuilder("mkfifo", picture.toString()).start().waitFor()).isZero();
        Files.delete(model);
        Outcome retrained = Outcome.of("run", experiment.toString(), "--results", results.toString(), "--force");
        assertThat(retrained.exitCode()).as(retrained.err()).isZero();
        Outcome predicted = Outcome.of("predict", run.toString(), picture.toString());
        assertThat(predicted.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(predicted.errorLines()).singleElement().asString().isEqualTo("trainyard: " + picture + ": is not a regular file (a pipe, socket or device)");
    }

    /** A finished run read from a read-only folder (a shared archive) is done, exit 0: its result needs no lock to be read. */
    @Test
    void aFinishedRunInAReadOnlyFolderIsAlreadyDone() throws Exception {
        Path results = folder.resolve("results-archive");
        Path experiment = experiment("archived", 1);
        assertThat(Outcome.of("run", experiment.toString(), "--results", results.toString()).exitCode()).isZero();
        Path readOnly = Files.createDirectories(folder.resolve("read-only"));
        boolean mounted = "root".equals(System.getProperty("user.name"))
                && new ProcessBuilder("mount", "--bind", results.toString(), readOnly.toString()).inheritIO().start().waitFor() == 0
                && new ProcessBuilder("mount", "-o", "remount,bind,ro", readOnly.toString()).inheritIO().start().waitFor() == 0;
        assumeTrue(mounted, "a read-only bind mount needs root and a mount that is allowed here");
        try {
            Outcome again = Outcome.of("run", experiment.toString(), "--results", readOnly.toString());
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(again.out()).contains("Already done: " + readOnly);
        } finally {
            new ProcessBuilder("umount", readOnly.toString()).inheritIO().start().waitFor();
        }
    }
}
