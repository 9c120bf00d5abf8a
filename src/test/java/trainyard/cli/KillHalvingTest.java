package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.data.SyntheticIdx;
import trainyard.results.ResultFigures;

/**
 * A successive-halving sweep killed with SIGKILL at random moments, then run again to the
 * end: its rung decisions in sweep.json and every trial's figures are those of a sweep
 * never killed, and no epoch a killed process finished and reported is trained again.
 */
class KillHalvingTest {
    @TempDir
    Path folder;

    String experiment() throws IOException {
        return sweepOfASmallNetwork(folder, "halved", 1, """
                  random:
                    trials: 9
                    seed: 3
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                      model.layers[0].dense: {int_uniform: [16, 64]}
                  halving: {min_epochs: 1, max_epochs: 9, reduction_factor: 3, metric: val_loss}
                """);
    }

    /**
     * The kill tests' experiment: a 64-unit relu network with Adam over a synthetic 4-class
     * dataset written into folder/data, {@code epochs} each, two trials at a time, and the
     * sweep's search (indented under `sweep:`).
     */
    static String sweepOfASmallNetwork(Path folder, String name, int epochs, String search) throws IOException {
        Path[] files = SyntheticIdx.write(Files.createDirectories(folder.resolve("data")), 2000, 300, 4, 12, 5, 0.2);
        return """
                name: %s
                %s
                model:
                  layers:
                    - {dense: 64, activation: relu}
                    - {dense: 4, activation: softmax}
                loss: categorical_crossentropy
                optimizer: adam
                training: {epochs: %d, batch_size: 20, validation: {split: 0.2}, seed: 8}
                sweep:
                  parallel: 2
                """.formatted(name, SyntheticIdx.datasetSection(files), epochs) + search;
    }

    /** The newest checkpoint's time under the sweep's folder, or null. */
    static FileTime newestCheckpoint(Path sweep) throws IOException {
        if (!Files.isDirectory(sweep)) {
            return null;
        }
        try (Stream<Path> runs = Files.list(sweep)) { // run folders only: the sweep's own temporary files come and go
            return runs.map(run -> KillResumeTest.modified(run.resolve("checkpoint.bin")))
                    .filter(java.util.Objects::nonNull).max(FileTime::compareTo).orElse(null);
        }
    }

    /** (run_id, epoch) for every "(trained epochs a-b)" note in the text. */
    static List<String> epochsTrained(String console) {
        List<String> epochs = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\] (\\w{12}) .*\\(trained epochs (\\d+)-(\\d+)\\)").matcher(console);
        while (matcher.find()) {
            for (int e = Integer.parseInt(matcher.group(2)); e <= Integer.parseInt(matcher.group(3)); e++) {
                epochs.add(matcher.group(1) + "@" + e);
            }
        }
        return epochs;
    }

    @Test
    void killedAtRandomMomentsTheSweepDecidesAndEndsAsIfNeverKilled() throws Exception {
        Path experiment = Files.writeString(folder.resolve("halved.yaml"), experiment());
        Path whole = folder.resolve("whole");
        Outcome uninterrupted = Outcome.of("run", experiment.toString(), "--results", whole.toString());
        assertThat(uninterrupted.exitCode()).as(uninterrupted.err()).isIn(0, ExitCode.RUN_FAILED);
        assertThat(uninterrupted.out()).contains("9 trials, 3 rungs (1, 3, 9 epochs), 21 epochs in all instead of 81, ranked by val_loss");

        Path killed = folder.resolve("killed");
        Path sweep = killed.resolve("halved");
        RandomKills killing = RandomKills.of(folder, experiment, killed, sweep, 13, 400);
        List<String> trained = new ArrayList<>(killing.trained());
        int kills = killing.kills();
        // How many of the five attempts found the sweep still running depends on the machine's speed; one kill is the least
        // that makes this test mean anything, and every kill's outcome is checked below.
        assertThat(kills).as("no attempt found the sweep running to kill").isGreaterThanOrEqualTo(1);
        Outcome finished = Outcome.of("run", experiment.toString(), "--results", killed.toString());
        assertThat(finished.exitCode()).as(finished.err()).isEqualTo(uninterrupted.exitCode());
        trained.addAll(epochsTrained(finished.out()));

        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(whole.resolve("halved").resolve("sweep.json").toFile());
        JsonNode actual = json.readTree(sweep.resolve("sweep.json").toFile());
        assertThat(json.writeValueAsString(actual.get("decisions"))).isEqualTo(json.writeValueAsString(expected.get("decisions")));
        assertThat(ResultFigures.byRunId(sweep)).isEqualTo(ResultFigures.byRunId(whole.resolve("halved")));
        assertThat(trained).as("epochs reported trained, across every process").doesNotHaveDuplicates();
        assertThat(trained.size()).isLessThanOrEqualTo(21);
        try (Stream<Path> walk = Files.walk(sweep)) {
            assertThat(walk.filter(p -> p.getFileName().toString().endsWith(".part")).toList()).isEmpty();
        }
    }
}
