package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.config.ConfigOverride;
import trainyard.config.ExperimentPlan;
import trainyard.config.ExperimentPlanner;
import trainyard.data.Dataset;
import trainyard.data.IdxFile;
import trainyard.data.MnistDownload;
import trainyard.data.SyntheticIdx;
import trainyard.results.ResultStore;

/**
 * TPE against random search on real MNIST (its first 6,000 training digits, a fifth of them
 * for validation, and 1,000 test digits): 30 trials each over the learning rate, the width,
 * the activation and the optimizer, for five seeds; TPE's best validation accuracy must beat
 * random search's in 4 of 5. The two share their first 10 trials (the same draws from the
 * same seed), so what differs is what the last 20 learned. With 3,000 digits (300 for
 * validation) the best trials of both differed by one or two validation digits and TPE won
 * 3 of 5: a validation set that small cannot tell them apart.
 */
class TpeMnistTest {
    @TempDir
    Path folder;

    static final String SPACE = """
                space:
                  optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                  model.layers[0].dense: {int_uniform: [16, 128]}
                  model.layers[0].activation: {choice: [relu, tanh, sigmoid]}
                  optimizer.name: {choice: [adam, sgd, rmsprop]}
            """;

    @Test
    void tpeFindsABetterNetworkThanRandomSearchInFourOfFiveSeeds() throws Exception {
        Path mnist = Path.of("data/mnist");
        assumeTrue(Files.isDirectory(mnist), "data/mnist is absent: run 'make data' to include this test");
        Path[] files = subset(new MnistDownload(mnist, List.of(), line -> { }).ensure(), 6000, 1000);
        Dataset dataset = Dataset.of("idx", IdxFile.read(files[0]), IdxFile.read(files[1]), IdxFile.read(files[2]), IdxFile.read(files[3]));
        int wins = 0;
        StringBuilder figures = new StringBuilder();
        for (long seed = 1; seed <= 5; seed++) {
            double tpe = best(files, dataset, "  tpe:\n    trials: 30\n    seed: " + seed + "\n    batch: 2\n" + SPACE, "tpe-" + seed);
            double random = best(files, dataset, "  random:\n    trials: 30\n    seed: " + seed + "\n" + SPACE, "random-" + seed);
            wins += tpe > random ? 1 : 0;
            figures.append(String.format(" seed %d: TPE %.4f, random %.4f;", seed, tpe, random));
        }
        System.out.println("MNIST, 6,000 digits, 30 trials:" + figures);
        assertThat(wins).as(figures.toString()).isGreaterThanOrEqualTo(4);
    }

    /** The best last-epoch val_accuracy of a sweep's 30 trials. */
    private double best(Path[] files, Dataset dataset, String search, String name) throws Exception {
        String text = SyntheticIdx.datasetSection(files) + "\n" + """
                model:
                  layers:
                    - {dense: 64, activation: relu}
                    - {dense: 10, activation: softmax}
                loss: categorical_crossentropy
                optimizer: adam
                training: {epochs: 2, batch_size: 100, validation: {split: 0.2}, seed: 3}
                sweep:
                  parallel: 2
                """ + search;
        ExperimentPlan plan = ExperimentPlanner.plan(text, folder.resolve(name + ".yaml"), ConfigOverride.parse(List.of(), new ArrayList<>(), 3));
        Path results = folder.resolve(name);
        SweepRunner runner = new SweepRunner(plan, dataset, new ResultStore(results), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), false);
        assertThat(runner.run(new SweepRunner.Options(false, false, false)).total()).isEqualTo(30);
        ObjectMapper json = new ObjectMapper();
        double best = Double.NEGATIVE_INFINITY;
        for (JsonNode trial : json.readTree(results.resolve(plan.name()).resolve("sweep.json").toFile()).get("trials")) {
            JsonNode history = json.readTree(results.resolve(plan.name()).resolve(trial.get("run_id").asText()).resolve("result.json").toFile())
                    .get("history");
            best = Math.max(best, history.get(history.size() - 1).get("val_accuracy").asDouble());
        }
        return best;
    }

    /** The first {@code train} and {@code test} digits of MNIST as IDX files of their own. */
    private Path[] subset(Path[] mnist, int train, int test) throws Exception {
        Path[] written = new Path[4];
        int[] counts = {train, train, test, test};
        for (int i = 0; i < 4; i++) {
            IdxFile file = IdxFile.read(mnist[i]);
            int[] dimensions = file.dimensions().clone();
            dimensions[0] = counts[i];
            byte[] data = Arrays.copyOf(file.data(), counts[i] * file.itemSize());
            written[i] = Files.write(folder.resolve("mnist-subset-" + i), SyntheticIdx.idx(dimensions, data));
        }
        return written;
    }
}
