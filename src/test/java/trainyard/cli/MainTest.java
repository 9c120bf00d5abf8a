package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;

/** The command line end to end, on real files: a small generated IDX dataset, real result files. */
class MainTest {
    @TempDir
    Path folder;
    Path[] dataset;
    Path results;


    @BeforeEach
    void writeDataset() throws IOException {
        dataset = SyntheticIdx.write(folder, 600, 200, 3, 8, 5);
        results = folder.resolve("results");
    }

    /** Runs the command line; `run` writes into this test's results folder. */
    Outcome run(String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        if (args.length > 0 && args[0].equals("run")) {
            arguments.addAll(List.of("--results", results.toString()));
        }
        return Outcome.of(arguments.toArray(String[]::new));
    }

    Path experiment(String name, String body) throws IOException {
        String datasetBlock = "dataset:\n  idx:\n    train_images: " + dataset[0] + "\n    train_labels: " + dataset[1]
                + "\n    test_images: " + dataset[2] + "\n    test_labels: " + dataset[3] + "\n";
        return Files.writeString(folder.resolve(name + ".yaml"), datasetBlock + body);
    }

    static final String SMALL = """
            model:
              layers:
                - dense: 16
                  activation: relu
                - dense: 3
                  activation: softmax
            loss: categorical_crossentropy
            optimizer: adam
            training:
              epochs: 3
              batch_size: 32
              validation: {split: 0.2}
              seed: 1
            """;

    @Test
    void trainsWritesEveryResultFieldAndReusesAFinishedRun() throws IOException {
        Path file = experiment("toy", SMALL);
        Outcome first = run("run", file.toString());
        assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.OK);
        assertThat(first.out()).contains("Total params: 1,091", "Train on 480 samples, validate on 120 samples (15 steps of 32 per epoch)", "Epoch 3/3", "Test accuracy: ");
        assertThat(first.out()).doesNotContain("\r"); // not a terminal: plain lines

        Path resultFile;
        try (Stream<Path> walk = Files.walk(results)) {
            resultFile = walk.filter(p -> p.getFileName().toString().equals("result.json")).findFirst().orElseThrow();
        }
        JsonNode result = new ObjectMapper().readTree(resultFile.toFile());
        for (String field : List.of("experiment", "run_id", "status", "config", "params", "history", "test", "train_seconds", "started_at", "environment")) {
            assertThat(result.has(field)).as(field).isTrue();
        }
        assertThat(result.get("experiment").asText()).isEqualTo("toy");
        assertThat(resultFile.getParent().getFileName().toString()).isEqualTo(result.get("run_id").asText());
        assertThat(result.get("status").asText()).isEqualTo("completed");
        assertThat(result.get("params").asLong()).isEqualTo(1091);
        assertThat(result.get("history")).hasSize(3);
        assertThat(result.get("history").get(2).get("val_accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(result.get("test").get("accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(result.get("config").get("optimizer").get("epsilon").asDouble()).isEqualTo(1e-7);
        for (String field : List.of("java", "os", "cpu", "cores", "threads", "vector_bits")) {
            assertThat(result.get("environment").has(field)).as(field).isTrue();
        }
        try (Stream<Path> walk = Files.walk(results)) {
            assertThat(walk.filter(p -> p.toString().endsWith(".tmp")).toList()).isEmpty();
        }

        long modified = Files.getLastModifiedTime(resultFile).toMillis();
        Outcome again = run("run", file.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(again.out()).contains("Already done").doesNotContain("Epoch 1/");
        assertThat(Files.getLastModifiedTime(resultFile).toMillis()).isEqualTo(modified);

        Outcome forced = run("run", file.toString(), "--force");
        assertThat(forced.out()).contains("Epoch 1/3");
        JsonNode retrained = new ObjectMapper().readTree(resultFile.toFile());
        assertThat(retrained.get("test")).isEqualTo(result.get("test")); // same seed, same numbers

        int cores = Runtime.getRuntime().availableProcessors();
        Outcome tooMany = run("run", file.toString(), "--force", "training.threads=" + (cores + 5));
        assertThat(tooMany.exitCode()).as(tooMany.err()).isEqualTo(ExitCode.OK);
        assertThat(tooMany.out()).contains("with " + cores + " thread", "(training.threads is " + (cores + 5) + ", more than the " + cores + " cores)");
        JsonNode clamped = new ObjectMapper().readTree(resultFile.toFile());
        assertThat(clamped.get("environment").get("threads").asInt()).isEqualTo(cores);
        assertThat(clamped.get("test")).isEqualTo(result.get("test")); // threads never change the numbers
    }

    @Test
    void badExperimentFileExitsTwoWithPositionsAndNoStackTrace() throws IOException {
        Path file = experiment("bad", SMALL.replace("epochs: 3", "epochs: -1").replace("activation: relu", "activation: relux"));
        Outcome outcome = run("run", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.err()).contains(file + ":10:19: model.layers[0].activation: unknown value 'relux' (did you mean 'relu'?)")
                .contains(file + ":16:11: training.epochs: must be a whole number >= 1, found -1")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(results).doesNotExist();
    }

    @Test
    void outputLayerMustMatchTheDatasetsClasses() throws IOException {
        Path file = experiment("wide", SMALL.replace("dense: 3", "dense: 10"));
        Outcome outcome = run("run", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.err()).startsWith(file + ":11:14: model.layers[1].dense: the output layer has 10 units but the dataset idx has 3 classes");
    }

    @Test
    void networkTooLargeForTheHeapIsRefusedBeforeTraining() throws IOException {
        Path file = experiment("huge", SMALL.replace("dense: 16", "dense: 1000000").replace("    - dense: 3", "    - dense: 1000000\n      activation: relu\n    - dense: 3"));
        Outcome outcome = run("run", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.err()).contains(":9:5: model.layers: the network has").contains("parameters").contains("fewer units");
        Outcome batch = run("run", experiment("wide-batch", SMALL.replace("dense: 16", "dense: 400000").replace("batch_size: 32", "batch_size: 600")).toString());
        assertThat(batch.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(batch.err()).contains(":17:15: training.batch_size: the network has").contains("a smaller batch");
    }

    @Test
    void brokenDatasetFileIsNamed() throws IOException {
        Path file = experiment("broken", SMALL);
        byte[] bytes = Files.readAllBytes(dataset[2]);
        Files.write(dataset[2], java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Outcome outcome = run("run", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.err()).startsWith("trainyard: " + dataset[2] + ": truncated:").doesNotContain("\tat ");
    }

    @Test
    void divergingRunIsRecordedAsDivergedAndExitsOne() throws IOException {
        Path file = experiment("diverge", SMALL.replace("optimizer: adam", "optimizer: {name: sgd, learning_rate: 1.0e6}")
                .replace("activation: softmax", "activation: linear").replace("categorical_crossentropy", "mean_squared_error"));
        Outcome outcome = run("run", file.toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(outcome.err()).contains("diverged in epoch 1");
        try (Stream<Path> walk = Files.walk(results)) {
            Path resultFile = walk.filter(p -> p.getFileName().toString().equals("result.json")).findFirst().orElseThrow();
            JsonNode result = new ObjectMapper().readTree(resultFile.toFile());
            assertThat(result.get("status").asText()).isEqualTo("diverged");
            assertThat(result.get("diverged_at_epoch").asInt()).isEqualTo(1);
        }
        // A diverged run is finished: running again says so; --rerun-failed trains again.
        Outcome again = run("run", file.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(again.out()).contains("Already done").contains("diverged").contains("--rerun-failed");
        assertThat(run("run", file.toString(), "--rerun-failed").out()).contains("Epoch 1/3");
    }

    @Test
    void usageFaultsExitTwo() {
        assertThat(run().exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run("fly").err()).contains("unknown command 'fly'");
        assertThat(run("run", "a.yaml", "--fast").err()).contains("unknown option '--fast'");
        Outcome missing = run("run", folder.resolve("missing.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(missing.err()).contains("missing.yaml:1:1: no such file");
    }

    /** The command line explains itself: a command's own help, the version, each trial's resolved experiment, an option that is an override. */
    @Test
    void theCommandLineExplainsItself() throws IOException {
        Outcome help = Outcome.of("run", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("usage: trainyard run FILE.yaml").doesNotContain("trainyard report");
        Outcome version = Outcome.of("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).matches("trainyard \\S+ \\(Java .*\\)\\R");
        Path file = experiment("shown", SMALL);
        Outcome shown = run("run", file.toString(), "-m", "training.seed=1,2", "--cfg");
        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("# trial 1 of 2: {training.seed=1}", "# trial 2 of 2: {training.seed=2}", "  seed: 2", "loss: categorical_crossentropy");
        assertThat(results.resolve("shown")).doesNotExist();
        Outcome dashed = run("run", file.toString(), "--epochs", "1");
        assertThat(dashed.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(dashed.errorLines().get(0)).isEqualTo("trainyard: unknown option '--epochs' for run; to set training.epochs write"
                + " training.epochs=VALUE (an override, no dashes)");
    }
}
