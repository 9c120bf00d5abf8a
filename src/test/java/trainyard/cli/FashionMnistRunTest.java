package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trainyard.results.ResultStore;
import trainyard.results.RunResult;

/**
 * The shipped experiments/fashion_mlp.yaml end to end on the real Fashion-MNIST (Debian's
 * package, which .ci/run installs): TensorFlow's tutorial reports about 0.88 test accuracy;
 * predict and the report speak of clothes by name.
 */
class FashionMnistRunTest {
    @TempDir
    Path folder;

    @Test
    void theTutorialsClothingClassifierReachesItsAccuracyAndNamesItsClasses() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "Debian's dataset-fashion-mnist is not installed (.ci/run and 'make data DATASET=fashion_mnist' install it)");
        Path results = folder.resolve("results");
        Outcome run = Outcome.of("run", "experiments/fashion_mlp.yaml", "--results", results.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path runFolder;
        try (var folders = Files.list(results.resolve("fashion_mlp"))) {
            runFolder = folders.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        RunResult result = ResultStore.read(runFolder.resolve("result.json")).orElseThrow();
        assertThat(result.test().accuracy()).isGreaterThanOrEqualTo(0.88);
        assertThat(result.dataset().name()).isEqualTo("fashion_mnist");
        assertThat(result.dataset().classNames()).hasSize(10).startsWith("T-shirt/top", "Trouser").endsWith("Ankle boot");

        Outcome predicted = Outcome.of("predict", runFolder.toString(), "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");
        assertThat(predicted.exitCode()).as(predicted.err()).isZero();
        List<String> lines = predicted.out().lines().toList();
        assertThat(lines).hasSize(10_000);
        // The test set's first picture is an ankle boot (label 9); a 0.88 model knows it.
        assertThat(lines.get(0)).startsWith("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz[0]: Ankle boot (");

        Path page = folder.resolve("report.html");
        Outcome report = Outcome.of("report", "--results", results.toString(), "--out", page.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readString(page)).contains("\"class_names\":[\"T-shirt/top\",\"Trouser\"");
    }
}
