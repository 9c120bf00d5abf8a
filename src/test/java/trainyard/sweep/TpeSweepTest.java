package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.ConfigOverride;
import trainyard.config.ExperimentPlan;
import trainyard.config.ExperimentPlanner;
import trainyard.data.Dataset;
import trainyard.data.SyntheticIdx;
import trainyard.results.ResultStore;

/** A TPE sweep on a small generated IDX dataset with real result files: its batches, its determinism and its resumption. */
class TpeSweepTest {
    @TempDir
    Path folder;
    Dataset dataset;
    Path[] files;
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    static final String TPE = """
            sweep:
              parallel: 2
              tpe:
                trials: 8
                seed: 7
                startup_trials: 3
                batch: 2
                metric: val_loss
                space:
                  optimizer.learning_rate: {log_uniform: [1.0e-3, 1.0]}
                  model.layers[0].dense: {int_uniform: [4, 32]}
                  model.layers[0].activation: {choice: [relu, tanh, sigmoid]}
            """;

    @BeforeEach
    void writeDataset() throws Exception {
        files = SyntheticIdx.write(folder, 400, 100, 3, 8, 5);
        dataset = SweepRunnerTest.datasetOf(files);
    }

    ExperimentPlan plan(String sweep, String... overrides) throws Exception {
        return ExperimentPlanner.plan(SweepRunnerTest.toyExperiment(files, "validation: {split: 0.2}", sweep), folder.resolve("toy.yaml"),
                ConfigOverride.parse(List.of(overrides), new ArrayList<>(), 3));
    }

    SweepRunner.Summary run(ExperimentPlan plan, Path results) throws Exception {
        return new SweepRunner(plan, dataset, new ResultStore(results), new PrintStream(console, true, StandardCharsets.UTF_8), false)
                .run(new SweepRunner.Options(false, false, false));
    }

    /** Every trial of sweep.json with its values, who proposed it, and its figures. */
    static JsonNode trials(Path results) throws Exception {
        JsonNode trials = new ObjectMapper().readTree(results.resolve("toy").resolve("sweep.json").toFile()).get("trials");
        return trials;
    }

    @Test
    void proposesTheSameTrialsWithTheSameResultsAtParallelOneAndTwo() throws Exception {
        Path one = folder.resolve("one");
        Path two = folder.resolve("two");
        assertThat(run(plan(TPE, "sweep.parallel=1"), one).completed()).isEqualTo(8);
        assertThat(run(plan(TPE), two).completed()).isEqualTo(8);
        assertThat(trials(one)).hasSize(8).isEqualTo(trials(two));
        JsonNode trials = trials(two);
        for (int i = 0; i < 8; i++) {
            assertThat(trials.get(i).get("proposed_by").asText()).isEqualTo(i < 3 ? "random start" : "TPE");
        }
        assertThat(console.toString())
                .contains("8 trials (TPE: 3 random then model-guided, batches of 2), 0 of 8 already done; 8 to run, 1 at a time")
                .contains("2 at a time x 1 thread").contains("[random start]").contains("[TPE]");
        List<String> values = new ArrayList<>();
        trials.forEach(trial -> values.add(trial.get("values").toString()));
        assertThat(values).doesNotHaveDuplicates();
    }

    @Test
    void theFirstTrialsAreTheRandomSearchsDrawsWithTheSameSeed() throws Exception {
        String random = TPE.replace("tpe:", "random:").replace("    startup_trials: 3\n", "").replace("    batch: 2\n", "")
                .replace("    metric: val_loss\n", "");
        ExperimentPlan tpe = plan(TPE);
        ExperimentPlan drawn = plan(random);
        assertThat(tpe.trials()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(tpe.trials().get(i).values()).isEqualTo(drawn.trials().get(i).values());
        }
    }

    @Test
    void aResumedSweepProposesTheSameTrialsFromTheStoredFigures() throws Exception {
        Path whole = folder.resolve("whole");
        run(plan(TPE), whole);
        JsonNode uninterrupted = trials(whole);
        // As if killed during the third batch: trials 4.. lost their results (and the sweep its view)
        Path cut = folder.resolve("cut");
        run(plan(TPE.replace("trials: 8", "trials: 4")), cut); // the same first two batches: they see only what came before them
        JsonNode firstFour = trials(cut);
        for (int i = 0; i < 4; i++) {
            assertThat(firstFour.get(i)).isEqualTo(uninterrupted.get(i));
        }
        console.reset();
        run(plan(TPE), cut);
        assertThat(console.toString()).contains("4 of 8 already done; 4 to run");
        assertThat(trials(cut)).isEqualTo(uninterrupted);
    }

    static double lastValLoss(Path results, JsonNode trial) throws Exception {
        JsonNode history = new ObjectMapper().readTree(results.resolve("toy").resolve(trial.get("run_id").asText()).resolve("result.json").toFile())
                .get("history");
        return history.get(history.size() - 1).get("val_loss").asDouble();
    }

    @Test
    void aFigureFromABatchMateIsNotSeenButOneFromAnEarlierBatchIs() throws Exception {
        Path results = folder.resolve("results");
        run(plan(TPE), results);
        JsonNode before = trials(results);
        // Rewrite trial 4's figure (batch 2 is trials 4 and 5), as if it had finished first, so that it enters or leaves
        // TPE's good group (the lowest val_loss of the six before: ceil(0.1·6) = 1): trial 5 shares its batch and must not change; batch 3 must.
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 6; i++) {
            best = Math.min(best, lastValLoss(results, before.get(i)));
        }
        Path result = results.resolve("toy").resolve(before.get(4).get("run_id").asText()).resolve("result.json");
        String rewritten = lastValLoss(results, before.get(4)) == best ? "99.0" : "0.0";
        Files.writeString(result, Files.readString(result).replaceAll("\"val_loss\" : [0-9.Ee-]+", "\"val_loss\" : " + rewritten));
        Files.delete(results.resolve("toy").resolve(before.get(6).get("run_id").asText()).resolve("result.json"));
        Files.delete(results.resolve("toy").resolve(before.get(7).get("run_id").asText()).resolve("result.json"));
        run(plan(TPE), results);
        JsonNode after = trials(results);
        assertThat(after.get(5).get("run_id")).isEqualTo(before.get(5).get("run_id"));
        assertThat(List.of(after.get(6).get("run_id"), after.get(7).get("run_id")))
                .isNotEqualTo(List.of(before.get(6).get("run_id"), before.get(7).get("run_id")));
    }

    static final String BOHB = TPE.replace("trials: 8", "trials: 9").replace("  tpe:", "  halving: {min_epochs: 1, max_epochs: 3, reduction_factor: 3}\n  tpe:");

    @Test
    void besideHalvingItLearnsFromTheFirstRungAndTheRungsDecideAsUsual() throws Exception {
        Path one = folder.resolve("one");
        Path two = folder.resolve("two");
        SweepRunner.Summary summary = run(plan(BOHB, "sweep.parallel=1"), one);
        assertThat(summary.completed() + summary.pruned()).isEqualTo(9);
        assertThat(summary.completed()).isEqualTo(3);
        run(plan(BOHB), two);
        assertThat(trials(one)).isEqualTo(trials(two));
        JsonNode sweep = new ObjectMapper().readTree(two.resolve("toy").resolve("sweep.json").toFile());
        assertThat(sweep.get("decisions")).isEqualTo(new ObjectMapper().readTree(one.resolve("toy").resolve("sweep.json").toFile()).get("decisions"));
        assertThat(console.toString()).contains("learning from every trial's val_loss at epoch 1");
        // Resumed after losing the last proposals: the same trials again, and the rungs decide the same
        Path cut = folder.resolve("cut");
        run(plan(BOHB), cut);
        for (int i = 5; i < 9; i++) {
            Path run = cut.resolve("toy").resolve(trials(two).get(i).get("run_id").asText());
            try (var files = Files.list(run)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(run);
        }
        console.reset();
        run(plan(BOHB), cut);
        assertThat(trials(cut)).isEqualTo(trials(two));
    }
}
