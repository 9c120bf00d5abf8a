package trainyard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import trainyard.config.Activation;
import trainyard.config.AveragePooling2DSpec;
import trainyard.config.Conv2DSpec;
import trainyard.config.DenseSpec;
import trainyard.config.FlattenSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.config.Padding;
import trainyard.config.Pooling;
import trainyard.config.Window;
import trainyard.kernels.PlainKernels;

/**
 * AveragePooling2D: hand-computed windows (TensorFlow's same padding counts only the
 * positions inside the image), the file's forms, and its gradient against finite
 * differences ({@link GradientCheckTest}).
 */
class AveragePooling2DTest {
    @Test
    void eachOutputIsItsWindowsMeanOverThePositionsInsideTheImage() {
        // One 3x3 image of one channel: 1..9, pooled 2x2 with stride 2, same: windows of 4, 2, 2 and 1 values.
        Shape input = new Shape(3, 3, 1);
        AveragePooling2D.Plan plan = AveragePooling2D.plan(1, input,
                new AveragePooling2DSpec(new Pooling(Window.square(2), Window.square(2), Padding.SAME)), "layers[0]");
        assertThat(plan.outputShape()).isEqualTo(new Shape(2, 2, 1));
        AveragePooling2D layer = (AveragePooling2D) plan.build(new PlainKernels(), 1, null, 0);
        float[] output = layer.forward(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, Mode.INFERENCE, 0);
        assertThat(output).containsExactly((1 + 2 + 4 + 5) / 4f, (3 + 6) / 2f, (7 + 8) / 2f, 9f);
        float[] gradient = new float[9];
        layer.sendInputGradientTo(gradient);
        System.arraycopy(new float[] {4, 2, 2, 1}, 0, layer.outputGradient(), 0, 4);
        layer.backward(1);
        assertThat(gradient).containsExactly(1, 1, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void itsGradientMatchesFiniteDifferences() {
        for (Pooling pooling : List.of(Pooling.of(2), new Pooling(Window.square(3), Window.square(2), Padding.SAME))) {
            ModelSpec model = new ModelSpec(List.of(new Conv2DSpec(2, 1, Activation.LINEAR), new AveragePooling2DSpec(pooling),
                    new FlattenSpec(), new DenseSpec(GradientCheckTest.CLASSES, Activation.SOFTMAX)));
            GradientCheckTest.check(model, new Shape(7, 6, 2), LossKind.CATEGORICAL_CROSSENTROPY, new PlainKernels(), pooling.toString(),
                    Mode.TRAINING);
        }
    }

    @Test
    void aFileNamesItAsKerasDoes() throws Exception {
        String text = """
                dataset: mnist
                model:
                  layers:
                    - {conv2d: 4, kernel_size: 3}
                    - average_pooling2d: 2
                    - {average_pooling2d: [2, 3], strides: 1, padding: same}
                    - flatten
                    - {dense: 10, activation: softmax}
                loss: categorical_crossentropy
                optimizer: {name: adam}
                """;
        var layers = trainyard.config.ExperimentLoader.parse(text, java.nio.file.Path.of("average.yaml")).spec().model().layers();
        assertThat(layers.get(2)).isEqualTo(new AveragePooling2DSpec(new Pooling(new Window(2, 3), Window.square(1), Padding.SAME)));
        assertThat(layers.get(1)).isEqualTo(new AveragePooling2DSpec(Pooling.of(2)));
        assertThat(layers.get(1).canonical()).isEqualTo(java.util.Map.of("average_pooling2d", 2));
        Architecture architecture = Architecture.of(new ModelSpec(List.of(new AveragePooling2DSpec(Pooling.of(2)), new FlattenSpec(),
                new DenseSpec(10, Activation.SOFTMAX))), new Shape(28, 28));
        assertThat(architecture.layers().get(0).name()).isEqualTo("average_pooling2d_1");
        assertThat(architecture.layers().get(0).outputShape()).isEqualTo(new Shape(14, 14, 1));
    }
}
