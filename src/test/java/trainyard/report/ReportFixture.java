package trainyard.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import trainyard.cli.Main;
import trainyard.data.SyntheticIdx;

/**
 * Real results to build reports from: the command line trains a small sweep (with a
 * diverging trial and a seed pair) and a single run whose description is markup, on a
 * generated IDX dataset.
 */
final class ReportFixture {
    static final String HOSTILE_DESCRIPTION = "<img src=x onerror=alert(1)> & </script><script>alert(2)</script> {{JS}} {{DATA}}";

    private ReportFixture() {
    }

    static void run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isIn(0, 1);
    }

    /**
     * Nine finished runs written directly, each slower and more accurate than the one
     * before, so all are on the Pareto front: a fast poor one, seven within 0.3 s and
     * 0.006 of accuracy of each other, and a slow best one at the chart's right edge.
     * Returns the results folder.
     */
    /** The dataset every written-out result names: its checksum is part of each run_id. */
    static final trainyard.results.RunResult.DatasetInfo SYNTHETIC =
            new trainyard.results.RunResult.DatasetInfo("synthetic", "0".repeat(64), 1000, 100, 10, 784);

    static Path crowdedFront(Path folder) throws Exception {
        Path results = folder.resolve("crowded");
        trainyard.results.ResultStore store = new trainyard.results.ResultStore(results);
        for (int i = -1; i < 8; i++) {
            java.util.Map<String, Object> config = java.util.Map.of("name", "crowded", "optimizer", java.util.Map.of("name", "adam", "learning_rate", 0.001 * (i + 2)));
            store.write(new trainyard.results.RunResult("crowded", trainyard.results.ResultStore.runIdOf(config, SYNTHETIC.checksum()), trainyard.results.RunStatus.COMPLETED,
                    config, 100, java.util.List.of(new trainyard.results.RunResult.Epoch(1, 0.5, 0.9, 0.5, 0.9, 1.0, 0.001)),
                    new trainyard.results.RunResult.Figures(0.1, i < 0 ? 0.80 : i == 7 ? 0.99 : 0.950 + 0.001 * i),
                    i < 0 ? 1.0 : i == 7 ? 6.0 : 3.0 + 0.05 * i, "2026-01-01T00:00:00Z",
                    trainyard.results.Environment.current(1, 512), SYNTHETIC, null, null, null, null, null, null, null,
                    trainyard.results.RunResult.FORMAT_VERSION));
        }
        return results;
    }

    /**
     * Five finished runs written directly, of two experiments on two datasets: digits (three
     * learning rates, where the best on validation, 0.01, is not the best on the test set,
     * 0.003) and clothes (two runs named by run_name). Returns the results folder.
     */
    static Path twoDatasets(Path folder) throws Exception {
        Path results = folder.resolve("two-datasets");
        trainyard.results.ResultStore store = new trainyard.results.ResultStore(results);
        double[][] digits = {{0.01, 0.95, 0.90}, {0.003, 0.93, 0.96}, {0.1, 0.90, 0.91}}; // rate, last val_accuracy, test accuracy
        for (double[] run : digits) {
            write(store, "digits", new trainyard.results.RunResult.DatasetInfo("mnist", "1".repeat(64), 60000, 10000, 10, 784), null, run);
        }
        double[][] clothes = {{0.01, 0.85, 0.86}, {0.001, 0.87, 0.88}};
        for (double[] run : clothes) {
            write(store, "clothes", new trainyard.results.RunResult.DatasetInfo("fashion_mnist", "2".repeat(64), 60000, 10000, 10, 784),
                    "clothes lr {optimizer.learning_rate}", run);
        }
        return results;
    }

    private static void write(trainyard.results.ResultStore store, String experiment, trainyard.results.RunResult.DatasetInfo dataset,
                              String runName, double[] run) throws Exception {
        java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("name", experiment);
        if (runName != null) {
            config.put("run_name", runName);
        }
        config.put("optimizer", java.util.Map.of("name", "adam", "learning_rate", run[0]));
        store.write(new trainyard.results.RunResult(experiment, trainyard.results.ResultStore.runIdOf(config, dataset.checksum()),
                trainyard.results.RunStatus.COMPLETED, config, 100,
                java.util.List.of(new trainyard.results.RunResult.Epoch(1, 0.5, 0.9, 0.4, run[1], 1.0, run[0])),
                new trainyard.results.RunResult.Figures(0.3, run[2]), 2.0 + run[0], "2026-01-01T00:00:00Z",
                trainyard.results.Environment.current(1, 512), dataset, null, null, null, null, null, null, null,
                trainyard.results.RunResult.FORMAT_VERSION));
    }

    /** Trains the runs into folder/results and returns that folder. */
    static Path results(Path folder) throws Exception {
        Path[] files = SyntheticIdx.write(folder, 400, 100, 3, 8, 5, 0.15);
        String dataset = "dataset:\n  idx:\n    train_images: " + files[0] + "\n    train_labels: " + files[1]
                + "\n    test_images: " + files[2] + "\n    test_labels: " + files[3] + "\n";
        String body = """
                model:
                  layers:
                    - dense: 16
                      activation: relu
                    - dense: 3
                      activation: linear
                loss: mean_squared_error
                optimizer: sgd
                training: {epochs: 3, batch_size: 20, validation: test}
                """;
        Path sweep = Files.writeString(folder.resolve("toy_sweep.yaml"), "description: a small sweep\n" + dataset + body + """
                sweep:
                  grid:
                    optimizer.learning_rate: [0.02, 0.05, 1.0e6]
                    training.seed: [1, 2]
                """);
        Path single = Files.writeString(folder.resolve("hostile.yaml"), "description: '" + HOSTILE_DESCRIPTION + "'\n" + dataset + body);
        Path results = folder.resolve("results");
        run("run", sweep.toString(), "--results", results.toString());
        run("run", single.toString(), "--results", results.toString());
        return results;
    }

    /**
     * A random search of 12 trials over the learning rate (log-uniform) and the width,
     * enough for the importance panel (8 or more completed trials). Returns the results folder.
     */
    static Path randomSearch(Path folder) throws Exception {
        return toySweep(folder, "random", "training: {epochs: 2, batch_size: 25, validation: test}\n", """
                sweep:
                  random:
                    trials: 12
                    seed: 3
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 0.5]}
                      model.layers[0].dense: {choice: [8, 12]}
                """);
    }

    /** A TPE search of 12 trials (4 random starts, batches of 2) over the same space as {@link #randomSearch}. */
    static Path tpeSearch(Path folder) throws Exception {
        return toySweep(folder, "tpe", "training: {epochs: 2, batch_size: 25, validation: test}\n", """
                sweep:
                  parallel: 2
                  tpe:
                    trials: 12
                    seed: 3
                    startup_trials: 4
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-4, 0.5]}
                      model.layers[0].dense: {choice: [8, 12]}
                """);
    }

    /** Runs a sweep of a small network on generated data into FOLDER/KIND-results, which it returns. */
    private static Path toySweep(Path folder, String kind, String training, String sweep) throws Exception {
        Path[] files = SyntheticIdx.write(Files.createDirectories(folder.resolve(kind + "-data")), 300, 100, 3, 8, 6, 0.1);
        Path experiment = Files.writeString(folder.resolve("toy_" + kind + ".yaml"), SyntheticIdx.datasetSection(files) + "\n" + """
                model:
                  layers:
                    - {dense: 8, activation: relu}
                    - {dense: 3, activation: softmax}
                loss: categorical_crossentropy
                optimizer: sgd
                """ + training + sweep);
        Path results = folder.resolve(kind + "-results");
        run("run", experiment.toString(), "--results", results.toString());
        return results;
    }

    /** A real successive-halving sweep: 9 trials, rungs at 1, 3 and 9 epochs, so 6 pruned at rung 1 and 2 at rung 2. */
    static Path halvingSweep(Path folder) throws Exception {
        return toySweep(folder, "halving", "training: {batch_size: 25, validation: {split: 0.2}}\n", """
                sweep:
                  random:
                    trials: 9
                    seed: 3
                    space:
                      optimizer.learning_rate: {log_uniform: [1.0e-3, 0.5]}
                  halving: {min_epochs: 1, max_epochs: 9, reduction_factor: 3}
                """);
    }

    /** Writes {@code count} completed results like a sweep's, with diagnostics, straight through the result store. */
    static Path manyRuns(Path folder, int count) throws Exception {
        Path results = folder.resolve("many");
        trainyard.results.ResultStore store = new trainyard.results.ResultStore(results);
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < count; i++) {
            java.util.List<trainyard.results.RunResult.Epoch> history = new java.util.ArrayList<>();
            for (int epoch = 1; epoch <= 10; epoch++) {
                history.add(new trainyard.results.RunResult.Epoch(epoch, 1.0 / epoch, 1 - 0.1 / epoch, 1.1 / epoch, 1 - 0.12 / epoch, 0.3, 0.001));
            }
            int[][] confusion = new int[10][10];
            java.util.List<trainyard.results.RunResult.Mistake> mistakes = new java.util.ArrayList<>();
            for (int m = 0; m < 8; m++) {
                int index = random.nextInt(300); // runs on one test set get the same hard digits wrong
                byte[] pixels = new byte[784];
                new java.util.SplittableRandom(index).nextBytes(pixels);
                mistakes.add(new trainyard.results.RunResult.Mistake(index, 1, 2, 0.9, new int[] {28, 28}, java.util.Base64.getEncoder().encodeToString(pixels)));
            }
            java.util.Map<String, Object> config = java.util.Map.of("name", "many", "description", "run " + i,
                    "optimizer", java.util.Map.of("name", "adam", "learning_rate", random.nextDouble(1e-4, 1e-1)),
                    "training", java.util.Map.of("seed", i % 5, "batch_size", 32 << (i % 3)));
            store.write(new trainyard.results.RunResult("many", trainyard.results.ResultStore.runIdOf(config, SYNTHETIC.checksum()), trainyard.results.RunStatus.COMPLETED, config, 159_010,
                    history, new trainyard.results.RunResult.Figures(0.08, 0.95 + random.nextDouble(0.03)), random.nextDouble(2, 8), "2026-01-01T00:00:00Z",
                    trainyard.results.Environment.current(1, 256), SYNTHETIC, null, null, null, null, null, null,
                    new trainyard.results.RunResult.Diagnostics(confusion, mistakes), trainyard.results.RunResult.FORMAT_VERSION));
        }
        return results;
    }
}
