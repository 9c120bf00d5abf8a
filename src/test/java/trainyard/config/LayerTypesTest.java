package trainyard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * model.layers with every layer type: the forms a file may use, their defaults (Keras's),
 * their canonical form (itself a file that loads to the same spec), and one line at the
 * fault's line and column for each kind of mistake.
 */
class LayerTypesTest {
    static final String CONVNET = """
            dataset: mnist
            model:
              layers:
                - {conv2d: 32, kernel_size: 3, activation: relu}
                - max_pooling2d: 2
                - {conv2d: 64, kernel_size: [3, 2], strides: 2, padding: same, activation: relu, use_bias: false, l2: 0.001, max_norm: 3}
                - {max_pooling2d: [2, 3], strides: 1, padding: same}
                - batch_normalization
                - {batch_normalization: {momentum: 0.9}}
                - flatten
                - dropout: 0.5
                - {dense: 10, activation: softmax}
            loss: categorical_crossentropy
            optimizer: {name: adam}
            """;

    @Test
    void readsEveryLayerTypeWithKerassDefaults() throws ConfigException {
        List<LayerSpec> layers = ExperimentLoaderTest.parse(CONVNET).spec().model().layers();
        assertThat(layers).containsExactly(
                new Conv2DSpec(32, 3, Activation.RELU),
                new MaxPooling2DSpec(Pooling.of(2)),
                new Conv2DSpec(64, new Window(3, 2), Window.square(2), Padding.SAME, Activation.RELU, false, new KernelOptions(0.001, 3.0)),
                new MaxPooling2DSpec(new Pooling(new Window(2, 3), Window.square(1), Padding.SAME)),
                new BatchNormalizationSpec(0.99, 0.001),
                new BatchNormalizationSpec(0.9, 0.001),
                new FlattenSpec(),
                new DropoutSpec(0.5),
                new DenseSpec(10, Activation.SOFTMAX));
    }

    @Test
    void theCanonicalFormLeavesDefaultsOutAndLoadsToTheSameSpec() throws ConfigException {
        ExperimentSpec spec = ExperimentLoaderTest.parse(CONVNET).spec();
        String dumped = new Yaml().dump(CanonicalForm.of(spec));
        assertThat(ExperimentLoader.parse(dumped, ExperimentLoaderTest.FILE).spec()).isEqualTo(spec);
        assertThat(spec.model().canonical().get("layers")).asList().containsExactly(
                java.util.Map.of("conv2d", 32, "kernel_size", 3, "activation", "relu"),
                java.util.Map.of("max_pooling2d", 2),
                java.util.Map.of("conv2d", 64, "kernel_size", List.of(3, 2), "strides", 2, "padding", "same", "activation", "relu",
                        "use_bias", false, "l2", 0.001, "max_norm", 3.0),
                java.util.Map.of("max_pooling2d", List.of(2, 3), "strides", 1, "padding", "same"),
                "batch_normalization",
                java.util.Map.of("batch_normalization", java.util.Map.of("momentum", 0.9)),
                "flatten",
                java.util.Map.of("dropout", 0.5),
                java.util.Map.of("dense", 10, "activation", "softmax"));
    }

    /** A dense layer's dropout option and dropout as a layer of its own are different entries, both allowed. */
    @Test
    void denseKeepsItsDropoutOption() throws ConfigException {
        String text = ExperimentLoaderTest.GOOD.replace("activation: relu", "activation: relu\n      dropout: 0.2");
        assertThat(ExperimentLoaderTest.parse(text).spec().model().dense(0).dropout()).isEqualTo(0.2);
    }

    static Stream<Arguments> badLayers() {
        return Stream.of(
                Arguments.of("a misspelt padding", "- {conv2d: 8, kernel_size: 3, padding: sam}", 4, 44,
                        "model.layers[0].padding: unknown value 'sam' (did you mean 'same'?)"),
                Arguments.of("a stride of 0", "- {conv2d: 8, kernel_size: 3, strides: 0}", 4, 44,
                        "model.layers[0].strides: expected a whole number from 1 to 4096, or a list [height, width], found 0"),
                Arguments.of("a kernel of three numbers", "- {conv2d: 8, kernel_size: [3, 3, 3]}", 4, 32,
                        "model.layers[0].kernel_size: expected a whole number from 1 to 4096, or a list [height, width], found a list of 3"),
                Arguments.of("no kernel size", "- {conv2d: 8}", 4, 7, "missing 'kernel_size'"),
                Arguments.of("zero filters", "- {conv2d: 0, kernel_size: 3}", 4, 16, "model.layers[0].conv2d"),
                Arguments.of("an unknown type", "- {conv3d: 8, kernel_size: 3}", 4, 7,
                        "model.layers[0]: expected a layer type as a key, one of dense, conv2d"),
                Arguments.of("a misspelt bare type", "- flaten", 4, 7, "unknown layer type 'flaten' (did you mean 'flatten'?)"),
                Arguments.of("a bare dense", "- dense", 4, 7, "model.layers[0]: dense needs its settings: {dense: UNITS"),
                Arguments.of("flatten with a value", "- {flatten: 2}", 4, 17, "takes no settings"),
                Arguments.of("a pooling key on a convolution", "- {conv2d: 8, kernel_size: 3, pool_size: 2}", 4, 35,
                        "unknown key 'model.layers[0].pool_size'"),
                Arguments.of("a momentum of 1", "- {batch_normalization: {momentum: 1}}", 4, 40, "momentum: must be in [0.0, 1.0)"),
                Arguments.of("a dropout rate of 1", "- dropout: 1", 4, 16, "model.layers[0].dropout: must be in [0.0, 1.0)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLayers")
    void eachMistakeIsOneLineAtItsPosition(String title, String layer, int line, int column, String fragment) {
        String text = "dataset: mnist\nmodel:\n  layers:\n    " + layer + "\n    - {dense: 10, activation: softmax}\n"
                + "loss: categorical_crossentropy\noptimizer: {name: adam}\n";
        ConfigException e = ExperimentLoaderTest.failure(text);
        assertThat(e.problems()).anySatisfy(problem -> {
            assertThat(problem.message()).contains(fragment);
            assertThat(problem.position()).isEqualTo(new SourcePosition(line, column));
        });
    }

    @Test
    void theOutputLayerMustBeDense() {
        String text = CONVNET.replace("    - {dense: 10, activation: softmax}\n", "");
        assertThat(ExperimentLoaderTest.failure(text).getMessage()).contains("model.layers[7]: the output layer must be dense");
    }
}
