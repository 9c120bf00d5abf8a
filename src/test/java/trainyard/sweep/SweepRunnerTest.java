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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.ConfigOverride;
import trainyard.config.ExperimentPlan;
import trainyard.config.ExperimentPlanner;
import trainyard.data.Dataset;
import trainyard.data.IdxFile;
import trainyard.data.SyntheticIdx;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;

/** The executor on a small generated IDX dataset and real result files. */
class SweepRunnerTest {
    @TempDir
    Path folder;
    Dataset dataset;
    Path[] files;
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void writeDataset() throws Exception {
        files = SyntheticIdx.write(folder, 400, 100, 3, 8, 5);
        dataset = datasetOf(files);
    }

    static Dataset datasetOf(Path[] files) throws Exception {
        return Dataset.of("idx", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
    }

    String experiment(String sweep) {
        return toyExperiment(files, "validation: test", sweep);
    }

    /** The sweep tests' experiment: a 16-unit relu network with SGD, 2 epochs of batches of 20, the given validation and sweep. */
    static String toyExperiment(Path[] files, String validation, String sweep) {
        return "name: toy\ndataset:\n  idx:\n    train_images: " + files[0] + "\n    train_labels: " + files[1] + "\n    test_images: " + files[2]
                + "\n    test_labels: " + files[3] + "\n" + """
                model:
                  layers:
                    - dense: 16
                      activation: relu
                    - dense: 3
                      activation: softmax
                loss: categorical_crossentropy
                optimizer: sgd
                """ + "training: {epochs: 2, batch_size: 20, " + validation + "}\n" + sweep;
    }

    ExperimentPlan plan(String sweep, String... overrides) throws Exception {
        return ExperimentPlanner.plan(experiment(sweep), folder.resolve("toy.yaml"), ConfigOverride.parse(List.of(overrides), new ArrayList<>(), 3));
    }

    SweepRunner.Summary run(ExperimentPlan plan, Path results, SweepRunner.Options options) throws Exception {
        return new SweepRunner(plan, dataset, new ResultStore(results), new PrintStream(console, true, StandardCharsets.UTF_8), false).run(options);
    }

    static final SweepRunner.Options NORMAL = new SweepRunner.Options(false, false, false);
    static final String GRID = "sweep:\n  grid:\n    optimizer.learning_rate: [0.05, 0.1]\n    model.layers[0].activation: [relu, tanh]\n";

    Map<String, JsonNode> tests(Path results) throws Exception {
        Map<String, JsonNode> byRunId = new LinkedHashMap<>();
        try (var walk = Files.walk(results)) {
            for (Path file : walk.filter(p -> p.getFileName().toString().equals("result.json")).toList()) {
                JsonNode result = new ObjectMapper().readTree(file.toFile());
                byRunId.put(result.get("run_id").asText(), result.get("test"));
            }
        }
        return byRunId;
    }

    @Test
    void resultsDoNotDependOnHowManyTrialsRunAtOnce() throws Exception {
        Path one = folder.resolve("one");
        Path two = folder.resolve("two");
        assertThat(run(plan(GRID, "sweep.parallel=1"), one, NORMAL).completed()).isEqualTo(4);
        assertThat(run(plan(GRID, "sweep.parallel=2"), two, NORMAL).completed()).isEqualTo(4);
        assertThat(tests(one)).hasSize(4).isEqualTo(tests(two));
        assertThat(console.toString()).contains("4 trials, 0 of 4 already done; 4 to run, 1 at a time x ").contains("2 at a time x 1 thread");
    }

    @Test
    void resumesAfterACrashWithoutTrainingFinishedTrialsAgain() throws Exception {
        Path results = folder.resolve("results");
        ExperimentPlan plan = plan(GRID);
        run(plan, results, NORMAL);
        // Simulate a crash: one trial lost its result and left its lock file and a temporary file behind.
        Path lost;
        try (var walk = Files.walk(results)) {
            lost = walk.filter(p -> p.getFileName().toString().equals("result.json")).findFirst().orElseThrow();
        }
        Files.delete(lost);
        Files.writeString(lost.resolveSibling(TrialLock.FILE_NAME), "12345\n");
        Path leftover = Files.writeString(lost.resolveSibling(".result.json.123.tmp"), "{\"half\":");
        Map<String, Long> modified = new LinkedHashMap<>();
        try (var walk = Files.walk(results)) {
            for (Path file : walk.filter(p -> p.getFileName().toString().equals("result.json")).toList()) {
                modified.put(file.toString(), Files.getLastModifiedTime(file).toMillis());
            }
        }
        console.reset();
        SweepRunner.Summary summary = run(plan, results, NORMAL);
        assertThat(summary.completed()).isEqualTo(4);
        assertThat(console.toString()).contains("3 of 4 already done; 1 to run");
        assertThat(lost).exists();
        assertThat(leftover).doesNotExist(); // the crash's half-written file is tidied away
        for (Map.Entry<String, Long> entry : modified.entrySet()) {
            assertThat(Files.getLastModifiedTime(Path.of(entry.getKey())).toMillis()).isEqualTo(entry.getValue());
        }
        Path sweepPath = results.resolve("toy").resolve(trainyard.config.ExperimentPlan.SWEEP_FILE);
        JsonNode sweepFile = new ObjectMapper().readTree(sweepPath.toFile());
        assertThat(sweepFile.get("trials")).hasSize(4);
        sweepFile.get("trials").forEach(trial -> assertThat(trial.get("status").asText()).isEqualTo("completed"));
        // A run that trains nothing changes nothing, sweep.json's time included.
        byte[] before = Files.readAllBytes(sweepPath);
        run(plan, results, NORMAL);
        assertThat(Files.readAllBytes(sweepPath)).isEqualTo(before);
    }

    @Test
    void aDivergingTrialIsRecordedAndTheOthersFinish() throws Exception {
        Path results = folder.resolve("results");
        SweepRunner.Summary summary = run(plan("sweep:\n  grid:\n    optimizer.learning_rate: [0.05, 1.0e6]\n",
                "loss=mean_squared_error", "model.layers[1].activation=linear"), results, NORMAL);
        assertThat(summary.completed()).isEqualTo(1);
        assertThat(summary.diverged()).isEqualTo(1);
        assertThat(console.toString()).contains("diverged in epoch 1").contains("diverged (epoch 1)")
                .contains("optimizer.learning_rate=1000000").doesNotContain("1.0E6");
        JsonNode sweepFile = new ObjectMapper().readTree(results.resolve("toy").resolve(trainyard.config.ExperimentPlan.SWEEP_FILE).toFile());
        assertThat(sweepFile.get("trials").get(1).get("status").asText()).isEqualTo("diverged");
        // Finished means finished: a second run trains nothing, --rerun-failed retries only the diverged one.
        console.reset();
        run(plan("sweep:\n  grid:\n    optimizer.learning_rate: [0.05, 1.0e6]\n", "loss=mean_squared_error", "model.layers[1].activation=linear"),
                results, NORMAL);
        assertThat(console.toString()).contains("2 of 2 already done; 0 to run");
        console.reset();
        run(plan("sweep:\n  grid:\n    optimizer.learning_rate: [0.05, 1.0e6]\n", "loss=mean_squared_error", "model.layers[1].activation=linear"),
                results, new SweepRunner.Options(false, true, false));
        assertThat(console.toString()).contains("1 of 2 already done; 1 to run");
    }

    @Test
    void aTrialClaimedByAnotherOwnerIsWaitedForAndNotTrainedTwice() throws Exception {
        Path results = folder.resolve("results");
        ExperimentPlan plan = plan("");
        ResultStore store = new ResultStore(results);
        TrialRunner runner = new TrialRunner(store, dataset, warning -> { });
        var spec = plan.trials().get(0).spec();
        String runId = runner.runId(spec);
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<TrialRunner.Report> second = new java.util.concurrent.atomic.AtomicReference<>();
        Thread other;
        // The "other owner" holds the claim and finishes the trial while the runner waits.
        try (TrialLock held = TrialLock.tryClaim(results.resolve("toy").resolve(runId)).orElseThrow()) {
            other = new Thread(() -> {
                try {
                    second.set(runner.run(spec, 1, false, new trainyard.train.TrainingListener() { }, n -> { }, waiting::countDown));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            other.start();
            assertThat(waiting.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(TrialLock.tryClaim(results.resolve("toy").resolve(runId))).isEmpty();
            // Write a finished result as the owner would, then release.
            TrialRunner owner = new TrialRunner(new ResultStore(folder.resolve("elsewhere")), dataset, warning -> { });
            TrialRunner.Report trained = owner.run(spec, 1, false, new trainyard.train.TrainingListener() { }, n -> { }, () -> { });
            store.write(trained.result().orElseThrow());
        }
        other.join(10_000);
        assertThat(second.get().alreadyDone()).isTrue();
        assertThat(results.resolve("toy").resolve(runId).resolve(TrialLock.FILE_NAME)).doesNotExist();
        // Unclaimed, a trial trains.
        Files.delete(store.resultFile("toy", runId));
        TrialRunner.Report report = runner.run(spec, 1, false, new trainyard.train.TrainingListener() { }, n -> { }, () -> { });
        assertThat(report.alreadyDone()).isFalse();
        assertThat(report.result().map(RunResult::status)).contains(trainyard.results.RunStatus.COMPLETED);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestEpoch() throws Exception {
        Path results = folder.resolve("results");
        ExperimentPlan plan = plan("", "training.epochs=30",
                "training.early_stopping={monitor: val_loss, patience: 1, min_delta: 10, restore_best: true}");
        SweepRunner.Summary summary = run(ExperimentPlanner.plan(experiment(""), folder.resolve("toy.yaml"),
                ConfigOverride.parse(List.of("-m", "training.epochs=30,31", "training.early_stopping={monitor: val_loss, patience: 1, min_delta: 10}"),
                        new ArrayList<>(), 3)), results, NORMAL);
        assertThat(summary.completed()).isEqualTo(2);
        assertThat(plan.trials().get(0).spec().training().earlyStopping().patience()).isEqualTo(1);
        try (var walk = Files.walk(results)) {
            for (Path file : walk.filter(p -> p.getFileName().toString().equals("result.json")).toList()) {
                JsonNode result = new ObjectMapper().readTree(file.toFile());
                // min_delta 10 means no epoch after the first improves enough: stop after epoch 2, best epoch 1.
                assertThat(result.get("history")).hasSize(2);
                assertThat(result.get("stopped_epoch").asInt()).isEqualTo(2);
                assertThat(result.get("best_epoch").asInt()).isEqualTo(1);
                // Restored: the test figures are those of epoch 1 (validation is the test set here).
                assertThat(result.get("test").get("loss").asDouble()).isEqualTo(result.get("history").get(0).get("val_loss").asDouble());
            }
        }
    }

    /** A second -m sweep of the same file keeps the first one's view (each its own sweep-HASH.json). */
    @Test
    void twoCommandLineSweepsOfOneFileKeepTheirOwnViews() throws Exception {
        Path results = folder.resolve("results");
        List<String> first = List.of("-m", "training.seed=1,2");
        List<String> second = List.of("-m", "training.batch_size=16,32");
        for (List<String> arguments : List.of(first, second)) {
            run(ExperimentPlanner.plan(experiment(""), folder.resolve("toy.yaml"), ConfigOverride.parse(arguments, new ArrayList<>(), 3)),
                    results, NORMAL);
        }
        List<Path> views;
        try (var files = Files.list(results.resolve("toy"))) {
            views = files.filter(p -> p.getFileName().toString().startsWith("sweep")).sorted().toList();
        }
        assertThat(views).hasSize(2).allSatisfy(view -> assertThat(view.getFileName().toString()).matches("sweep-[0-9a-f]{8}\\.json"));
        List<String> commandLines = new ArrayList<>();
        for (Path view : views) {
            JsonNode sweep = new ObjectMapper().readTree(view.toFile());
            assertThat(sweep.get("trials")).hasSize(2);
            commandLines.add(sweep.get("command_line").get(0).asText());
        }
        assertThat(commandLines).containsExactlyInAnyOrder("training.seed=1,2", "training.batch_size=16,32");
        List<String> warnings = new ArrayList<>();
        assertThat((List<?>) trainyard.report.ReportData.collect(results, null, warnings::add).get("sweeps")).as("the report shows both").hasSize(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void dryRunListsTrialsAndTrainsNothing() throws Exception {
        Path results = folder.resolve("results");
        run(plan(GRID), results, new SweepRunner.Options(false, false, true));
        assertThat(console.toString()).contains("4 trials, 0 of 4 already done").contains("to run").contains("optimizer.learning_rate=0.05");
        assertThat(results).doesNotExist();
    }

    /** Values as people read them (results.Numbers), on the plan's lines and in the final table alike. */
    @Test
    void sweptNumbersPrintAsPeopleReadThemEverywhere() throws Exception {
        run(plan("sweep:\n  grid:\n    optimizer.learning_rate: [2.045e-4, 1.0e-5]\n"), folder.resolve("numbers"),
                new SweepRunner.Options(false, false, true));
        assertThat(console.toString()).contains("optimizer.learning_rate=0.0002045", "optimizer.learning_rate=1e-05")
                .doesNotContain("E-4").doesNotContain("E-5");
        console.reset();
        run(plan("sweep:\n  grid:\n    optimizer.learning_rate: [2.045e-4]\n", "training.epochs=1"), folder.resolve("numbers"), NORMAL);
        assertThat(console.toString().lines().filter(line -> line.contains("0.0002045"))).as("the finished line and the table's row").hasSize(2);
    }

    /**
     * With a validation split the best trial is the best on validation, not on the test
     * set (the test figure stays beside it); without validation the test figure ranks, and
     * the line above the table says which.
     */
    @Test
    void theTableRanksByValidationWhenTheTrialsHaveIt() throws Exception {
        run(plan(GRID, "training.validation.split=0.25"), folder.resolve("split"), NORMAL);
        List<String> lines = console.toString().lines().toList();
        int title = lines.indexOf("Ranked by val_accuracy (the last epoch's):");
        assertThat(title).isNotNegative();
        assertThat(lines.get(title + 1)).contains("val_acc").contains("test_acc");
        List<Double> validation = new ArrayList<>();
        for (String row : lines.subList(title + 2, title + 6)) {
            String[] cells = row.trim().split("\\s+");
            validation.add(Double.parseDouble(cells[cells.length - 4]));
        }
        assertThat(validation).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        console.reset();
        run(plan(GRID, "training.validation=none"), folder.resolve("none"), NORMAL);
        assertThat(console.toString()).contains("Ranked by test accuracy (the trials have no validation):").doesNotContain("val_acc");
    }
}
