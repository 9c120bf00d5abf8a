package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.ExperimentPlan;
import trainyard.config.ExperimentPlanner;
import trainyard.data.Dataset;
import trainyard.data.IdxFile;
import trainyard.data.SyntheticIdx;
import trainyard.results.ResultFigures;
import trainyard.results.ResultStore;

/**
 * Successive halving end to end on a small generated dataset: the rungs' decisions follow
 * the figures in the trials' own result files, are the same at any parallelism, promoted
 * trials go on from their checkpoints (no epoch trained twice), and the winner's result is
 * the one a plain run of its configuration gives.
 */
class HalvingSweepTest {
    @TempDir
    Path folder;
    Dataset dataset;
    Path[] files;
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void writeDataset() throws Exception {
        files = SyntheticIdx.write(folder, 600, 150, 4, 8, 3, 0.2);
        dataset = Dataset.of("idx", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
    }

    static final String HALVING = """
            sweep:
              parallel: %d
              random:
                trials: 9
                seed: 5
                space:
                  optimizer.learning_rate: {log_uniform: [1.0e-3, 3.0]}
                  model.layers[0].dense: {int_uniform: [4, 32]}
              halving: {min_epochs: 1, max_epochs: 9, reduction_factor: 3}
            """;

    String experiment(String sweep) {
        return "name: halving\ndataset:\n  idx:\n    train_images: " + files[0] + "\n    train_labels: " + files[1] + "\n    test_images: "
                + files[2] + "\n    test_labels: " + files[3] + "\n" + """
                model:
                  layers:
                    - {dense: 16, activation: relu}
                    - {dense: 4, activation: softmax}
                loss: categorical_crossentropy
                optimizer: {name: sgd, momentum: 0.9}
                training: {epochs: 2, batch_size: 20, validation: {split: 0.2}, seed: 3}
                """ + sweep;
    }

    SweepRunner.Summary run(String sweep, Path results) throws Exception {
        return runText(experiment(sweep), results);
    }

    SweepRunner.Summary runText(String text, Path results) throws Exception {
        ExperimentPlan plan = ExperimentPlanner.plan(text, folder.resolve("halving.yaml"), List.of());
        return new SweepRunner(plan, dataset, new ResultStore(results), new PrintStream(console, true, StandardCharsets.UTF_8), false)
                .run(new SweepRunner.Options(false, false, false));
    }

    static JsonNode read(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** The epochs each trial trained, from the console's "(trained epochs a-b)" notes. */
    static Map<String, List<Integer>> epochsTrained(String console) {
        Map<String, List<Integer>> epochs = new TreeMap<>();
        Matcher matcher = Pattern.compile("\\] (\\w{12}) .*\\(trained epochs (\\d+)-(\\d+)\\)").matcher(console);
        while (matcher.find()) {
            List<Integer> list = epochs.computeIfAbsent(matcher.group(1), k -> new ArrayList<>());
            for (int e = Integer.parseInt(matcher.group(2)); e <= Integer.parseInt(matcher.group(3)); e++) {
                list.add(e);
            }
        }
        return epochs;
    }

    /** The experiment of one trial of the sweep, without halving, trained for max_epochs (as a one-point grid, so it keeps its values). */
    String plainRunOf(JsonNode sweep, String runId) {
        for (JsonNode trial : sweep.get("trials")) {
            if (trial.get("run_id").asText().equals(runId)) {
                String grid = "sweep:\n  parallel: 1\n  grid:\n" + trial.get("values").properties().stream()
                        .map(e -> "    " + e.getKey() + ": [" + e.getValue().asText() + "]\n").reduce("", String::concat);
                return experiment(grid).replace("epochs: 2,", "epochs: 9,");
            }
        }
        throw new AssertionError("no trial " + runId);
    }

    @Test
    void rungsKeepTheBestThirdAndPromotedTrialsGoOnFromTheirCheckpoints() throws Exception {
        Path results = folder.resolve("one");
        SweepRunner.Summary summary = run(HALVING.formatted(1), results);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("9 trials, 3 rungs (1, 3, 9 epochs), 21 epochs in all instead of 81, ranked by val_accuracy");
        assertThat(summary.pruned() + summary.completed() + summary.diverged()).isEqualTo(9);
        assertThat(summary.completed()).isEqualTo(1);

        JsonNode sweep = read(results.resolve("halving").resolve(trainyard.config.ExperimentPlan.SWEEP_FILE));
        JsonNode decisions = sweep.get("decisions");
        assertThat(decisions).hasSize(2);
        Map<String, JsonNode> byRunId = ResultFigures.byRunId(results);
        // Each decision promotes the best third by the figure the trial's own history holds at the rung's epoch.
        for (JsonNode decision : decisions) {
            int epoch = decision.get("epochs").asInt();
            List<String> ranked = new ArrayList<>();
            decision.get("figures").forEach(f -> ranked.add(f.get("run_id").asText()));
            ranked.removeIf(id -> byRunId.get(id).get("history").size() < epoch);
            ranked.sort(java.util.Comparator.comparingDouble((String id) -> -byRunId.get(id).get("history").get(epoch - 1).get("val_accuracy").asDouble())
                    .thenComparing(id -> id));
            List<String> promoted = new ArrayList<>();
            decision.get("promoted").forEach(id -> promoted.add(id.asText()));
            assertThat(promoted).isEqualTo(ranked.subList(0, decision.get("figures").size() / 3));
            for (JsonNode figure : decision.get("figures")) {
                String id = figure.get("run_id").asText();
                if (!promoted.contains(id) && byRunId.get(id).get("status").asText().equals("pruned")) {
                    assertThat(byRunId.get(id).get("rung").asInt()).isEqualTo(decision.get("rung").asInt());
                    assertThat(byRunId.get(id).get("epochs_trained").asInt()).isEqualTo(epoch);
                }
            }
        }
        // No epoch trained twice, and 21 in all.
        Map<String, List<Integer>> trained = epochsTrained(printed);
        trained.forEach((id, epochs) -> assertThat(epochs).as(id).doesNotHaveDuplicates());
        assertThat(summary.diverged()).as("this sweep's trials, deterministic, all converge").isZero();
        assertThat(trained.values().stream().mapToInt(List::size).sum()).isEqualTo(21);

        // The same sweep two at a time: the same decisions, the same figures.
        Path two = folder.resolve("two");
        run(HALVING.formatted(2), two);
        assertThat(read(two.resolve("halving").resolve(trainyard.config.ExperimentPlan.SWEEP_FILE)).get("decisions")).isEqualTo(decisions);
        assertThat(ResultFigures.byRunId(two)).isEqualTo(byRunId);

        // The winner is what a plain 9-epoch run of its configuration gives, bit for bit.
        String winner = decisions.get(1).get("promoted").get(0).asText();
        JsonNode winning = byRunId.get(winner);
        assertThat(winning.get("status").asText()).isEqualTo("completed");
        assertThat(winning.get("history")).hasSize(9);
        Path plain = folder.resolve("plain");
        runText(plainRunOf(sweep, winner), plain);
        Map<String, JsonNode> plainResults = ResultFigures.byRunId(plain);
        assertThat(plainResults).containsOnlyKeys(winner);
        ObjectNode expected = (ObjectNode) plainResults.get(winner).deepCopy();
        ObjectNode actual = (ObjectNode) winning.deepCopy();
        actual.remove("rung");
        assertThat(actual).isEqualTo(expected);

        // A trial pruned at 3 epochs, run without halving in the sweep's own folder, goes on from its checkpoint
        // and ends as a run trained from scratch does.
        String prunedAt3 = decisions.get(1).get("figures").findValues("run_id").stream().map(JsonNode::asText)
                .filter(id -> !id.equals(winner) && byRunId.get(id).get("status").asText().equals("pruned")).findFirst().orElseThrow();
        console.reset();
        runText(plainRunOf(sweep, prunedAt3), results);
        assertThat(epochsTrained(console.toString(StandardCharsets.UTF_8))).isEqualTo(Map.of(prunedAt3, List.of(4, 5, 6, 7, 8, 9)));
        Path fresh = folder.resolve("fresh");
        runText(plainRunOf(sweep, prunedAt3), fresh);
        ObjectNode continued = (ObjectNode) ResultFigures.byRunId(results).get(prunedAt3).deepCopy();
        continued.remove("rung");
        assertThat(continued).isEqualTo(ResultFigures.byRunId(fresh).get(prunedAt3));
    }

    @Test
    void hyperbandRunsEachBracketFromItsOwnFirstRung() throws Exception {
        Path results = folder.resolve("hyperband");
        String sweep = HALVING.formatted(2).replace("trials: 9", "trials: 14").replace("reduction_factor: 3}", "reduction_factor: 3, brackets: 2}");
        SweepRunner.Summary summary = run(sweep, results);
        String printed = console.toString(StandardCharsets.UTF_8);
        // Bracket 1: 9 trials at 1, 3, 9 epochs; bracket 2: 5 trials at 3, then 1 at 9. 21 + 15 + 6 epochs.
        assertThat(printed).contains("14 trials, 2 Hyperband brackets (first rungs at 1, 3 epochs), 42 epochs in all instead of 126");
        JsonNode decisions = read(results.resolve("halving").resolve(trainyard.config.ExperimentPlan.SWEEP_FILE)).get("decisions");
        assertThat(decisions).extracting(d -> d.get("bracket").asInt() + ":" + d.get("epochs").asInt() + ":" + d.get("figures").size()
                + ":" + d.get("promoted").size()).containsExactly("1:1:9:3", "1:3:3:1", "2:3:5:1");
        assertThat(summary.diverged()).as("this sweep's trials, deterministic, all converge").isZero();
        assertThat(summary.completed()).isEqualTo(2);
        assertThat(summary.pruned()).isEqualTo(12);
        assertThat(epochsTrained(printed).values().stream().mapToInt(List::size).sum()).isEqualTo(42);
        // Bracket 2's trials start at 3 epochs: none of them ever paused at 1.
        Map<String, JsonNode> byRunId = ResultFigures.byRunId(results);
        for (JsonNode figure : decisions.get(2).get("figures")) {
            JsonNode trial = byRunId.get(figure.get("run_id").asText());
            assertThat(trial.get("history").size()).isIn(3, 9);
        }
    }
}
