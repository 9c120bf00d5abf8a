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
    static final String HOSTILE_DESCRIPTION = "<img src=x onerror=alert(1)> & </script><script>alert(2)</script>";

    private ReportFixture() {
    }

    static void run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isIn(0, 1);
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
}
