package trainyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trainyard.data.SyntheticIdx;

/**
 * Convnets from the command line: a small one trained on real MNIST whose model file
 * predicts PNG digits and reproduces its test figures (its BatchNormalization statistics
 * travel with it), sweeps over a convolution's filters, window and dropout (halving too),
 * the report's Layers column, and one line at FILE:LINE:COLUMN with exit 2, before
 * anything trains, for each shape that cannot work.
 */
class ConvnetRunTest {
    @TempDir
    static Path folder;

    static final String SMALL_CONVNET = """
            name: small_convnet
            dataset: mnist
            model:
              layers:
                - {conv2d: 8, kernel_size: 3, activation: relu}
                - batch_normalization
                - max_pooling2d: 2
                - {conv2d: 16, kernel_size: 3, activation: relu}
                - max_pooling2d: 2
                - flatten
                - dropout: 0.25
                - {dense: 10, activation: softmax}
            loss: categorical_crossentropy
            optimizer: {name: adam}
            training: {epochs: 1, batch_size: 64, validation: none, seed: 1}
            """;

    @Test
    void aSmallConvnetOnMnistPredictsDigitsAndItsModelReproducesItsFigures() throws Exception {
        assumeTrue(Files.isDirectory(ModelCommandsTest.MNIST), "data/mnist is absent: run 'make data' to include this test");
        Path results = folder.resolve("mnist-results");
        Path file = Files.writeString(folder.resolve("small_convnet.yaml"), SMALL_CONVNET);
        Outcome trained = Outcome.of("run", file.toString(), "--results", results.toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("conv2d_1 (Conv2D)            (None, 26, 26, 8)         80")
                .contains("batch_normalization_1 (BatchNormalization)").contains("Non-trainable params: 16");
        Path run;
        try (Stream<Path> walk = Files.walk(results)) {
            run = walk.filter(p -> p.getFileName().toString().equals("model.safetensors")).findFirst().orElseThrow().getParent();
        }
        JsonNode result = new ObjectMapper().readTree(run.resolve("result.json").toFile());
        assertThat(result.get("test").get("accuracy").asDouble()).isGreaterThan(0.96);
        Outcome evaluated = Outcome.of("evaluate", run.toString());
        assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("(the same)");
        Path images = Files.createDirectories(folder.resolve("digits"));
        byte[] labels = ModelCommandsTest.writeDigitImages(images);
        assertThat(ModelCommandsTest.correct(run, images, "mnist-", labels)).isGreaterThanOrEqualTo(19);
        assertThat(ModelCommandsTest.correct(run, images, "paint-", labels)).isGreaterThanOrEqualTo(16);
        Outcome report = Outcome.of("report", "--results", results.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(Files.readString(results.resolve("report.html")))
                .contains("conv2d 8 3 relu → batch_normalization → max_pooling2d 2 → conv2d 16 3 relu → max_pooling2d 2 → flatten → dropout 0.25 → dense 10 softmax");
    }

    /** A 6x6 synthetic dataset of 3 classes, and a file body around its layers. */
    static Path experiment(String name, String layers, String extra) throws Exception {
        Path[] data = SyntheticIdx.write(Files.createDirectories(folder.resolve("data-" + name)), 120, 30, 3, 6, 4);
        String text = "name: " + name + "\n" + SyntheticIdx.datasetSection(data) + "\nmodel:\n  layers:\n" + layers
                + "loss: categorical_crossentropy\noptimizer: {name: adam}\ntraining: {epochs: 2, batch_size: 16, validation: {split: 0.2}, seed: 1, threads: 1}\n"
                + extra;
        return Files.writeString(folder.resolve(name + ".yaml"), text);
    }

    @Test
    void sweepsOverFiltersWindowsAndDropoutTrainEveryTrialAndHalvingPrunes() throws Exception {
        String layers = """
                    - {conv2d: 4, kernel_size: 3, padding: same, activation: relu}
                    - max_pooling2d: 2
                    - flatten
                    - dropout: 0.2
                    - {dense: 3, activation: softmax}
                """;
        Path grid = experiment("conv_grid", layers, """
                sweep:
                  grid:
                    model.layers[0].conv2d: [2, 6]
                    model.layers[0].kernel_size: [2, 3]
                    model.layers[3].dropout: [0.1, 0.4]
                """);
        Path results = folder.resolve("sweep-results");
        Outcome swept = Outcome.of("run", grid.toString(), "--results", results.toString());
        assertThat(swept.exitCode()).as(swept.err()).isZero();
        try (Stream<Path> runs = Files.list(results.resolve("conv_grid"))) {
            assertThat(runs.filter(p -> Files.exists(p.resolve("model.safetensors"))).count()).isEqualTo(8);
        }
        Path halving = experiment("conv_halving", layers, """
                sweep:
                  random:
                    trials: 6
                    seed: 3
                    space:
                      model.layers[0].conv2d: {int_uniform: [2, 8]}
                      model.layers[3].dropout: {uniform: [0.0, 0.5]}
                  halving: {min_epochs: 1, max_epochs: 4, reduction_factor: 2}
                """);
        Outcome halved = Outcome.of("run", halving.toString(), "--results", results.toString());
        assertThat(halved.exitCode()).as(halved.err()).isZero();
        assertThat(Files.readString(results.resolve("conv_halving").resolve("sweep.json"))).contains("pruned");
    }

    static Stream<Arguments> shapesThatCannotWork() {
        return Stream.of(
                Arguments.of("a kernel larger than its input", "    - {conv2d: 4, kernel_size: 7}\n    - flatten\n", 5, 32,
                        "model.layers[0].kernel_size: a 7x7 window does not fit the 6x6 input (None, 6, 6, 1) with padding: valid"),
                Arguments.of("pooling that leaves nothing", "    - {conv2d: 4, kernel_size: 3}\n    - max_pooling2d: 5\n    - flatten\n", 6, 22,
                        "model.layers[1].max_pooling2d: a 5x5 window does not fit the 4x4 input (None, 4, 4, 4)"),
                Arguments.of("dense straight after a convolution", "    - {conv2d: 4, kernel_size: 3}\n", 6, 15,
                        "model.layers[1].dense: the input is (None, 4, 4, 4), an image of 4 channels; put '- flatten' before this layer"),
                Arguments.of("a convolution after flatten", "    - flatten\n    - {conv2d: 4, kernel_size: 3}\n    - flatten\n", 6, 16,
                        "model.layers[1].conv2d: conv2d needs an image input (height, width, channels); it receives (None, 36)"),
                Arguments.of("a network too big for memory",
                        "    - {conv2d: 65536, kernel_size: 3, padding: same}\n    - {conv2d: 65536, kernel_size: 3, padding: same}\n    - flatten\n",
                        5, 5, "model.layers: the network has 38,662,504,451 parameters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapesThatCannotWork")
    void aShapeThatCannotWorkIsOneLineAtItsKey(String title, String layers, int line, int column, String message) throws Exception {
        Path file = experiment("bad_" + title.replaceAll("[^a-z]+", "_"), layers + "    - {dense: 3, activation: softmax}\n", "");
        Outcome outcome = Outcome.of("run", file.toString(), "--results", folder.resolve("bad-results").toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.errorLines()).singleElement().asString().startsWith(file + ":" + line + ":" + column + ": ")
                .contains(message);
        assertThat(folder.resolve("bad-results")).doesNotExist();
    }

    /** As in Keras, flatten on a flat input (and twice) changes nothing and is allowed. */
    @Test
    void flattenTwiceIsAllowedAsInKeras() throws Exception {
        Path file = experiment("flatten_twice", "    - flatten\n    - flatten\n    - {dense: 3, activation: softmax}\n", "");
        Outcome outcome = Outcome.of("run", file.toString(), "--results", folder.resolve("flatten-results").toString());
        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    }

    /** A table has no image to convolve: said before anything trains. */
    @Test
    void aConvolutionOnATableIsRefused() throws Exception {
        Path table = Files.writeString(folder.resolve("table.csv"), "a,b,label\n" + "1,2,x\n3,4,y\n".repeat(20));
        Path file = Files.writeString(folder.resolve("table_conv.yaml"), """
                dataset: {csv: {train: %s, target: label}}
                model:
                  layers:
                    - {conv2d: 4, kernel_size: 1}
                    - flatten
                    - {dense: 2, activation: softmax}
                loss: categorical_crossentropy
                optimizer: {name: adam}
                """.formatted(table));
        Outcome outcome = Outcome.of("run", file.toString(), "--results", folder.resolve("table-results").toString());
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(outcome.errorLines()).singleElement().asString()
                .contains(file + ":4:16: model.layers[0].conv2d: conv2d needs an image input (height, width, channels); it receives (None, 2)");
    }
}
