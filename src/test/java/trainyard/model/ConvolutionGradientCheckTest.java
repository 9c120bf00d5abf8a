package trainyard.model;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trainyard.config.Activation;
import trainyard.config.BatchNormalizationSpec;
import trainyard.config.Conv2DSpec;
import trainyard.config.DenseSpec;
import trainyard.config.DropoutSpec;
import trainyard.config.FlattenSpec;
import trainyard.config.KernelOptions;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.MaxPooling2DSpec;
import trainyard.config.ModelSpec;
import trainyard.config.Padding;
import trainyard.config.Pooling;
import trainyard.config.Window;
import trainyard.kernels.Kernels;
import trainyard.kernels.PlainKernels;
import trainyard.kernels.VectorKernels;

/**
 * The image layers against central finite differences of the loss ({@link GradientCheckTest}'s
 * reference and tolerance): each layer alone, between a 1x1 convolution (whose kernel's
 * gradient checks the layer's input gradient) and a dense softmax output, and then a whole
 * convnet. Inputs are 7x6 images of 2 channels: odd, non-square sizes that leave edges.
 */
class ConvolutionGradientCheckTest {
    private static final Shape IMAGE = new Shape(7, 6, 2);

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("conv2d 3x3 valid", new Conv2DSpec(3, 3, Activation.TANH)),
                Arguments.of("conv2d 3x2 same stride 2",
                        new Conv2DSpec(4, new Window(3, 2), new Window(2, 2), Padding.SAME, Activation.SIGMOID, true, new KernelOptions(0, null))),
                Arguments.of("conv2d 2x2 stride [1, 2] softmax over channels, no bias, l2",
                        new Conv2DSpec(3, new Window(2, 2), new Window(1, 2), Padding.VALID, Activation.SOFTMAX, false, new KernelOptions(0.05, null))),
                Arguments.of("conv2d 5x5 same", new Conv2DSpec(2, new Window(5, 5), Window.square(1), Padding.SAME, Activation.LINEAR, true,
                        new KernelOptions(0, null))),
                Arguments.of("max_pooling2d 2", new MaxPooling2DSpec(Pooling.of(2))),
                Arguments.of("max_pooling2d 3 stride 2 same", new MaxPooling2DSpec(new Pooling(Window.square(3), Window.square(2), Padding.SAME))),
                Arguments.of("batch_normalization", new BatchNormalizationSpec(0.9, 1e-3)),
                Arguments.of("dropout", new DropoutSpec(0.4)),
                Arguments.of("flatten", new FlattenSpec()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void eachLayerAloneMatchesFiniteDifferences(String label, LayerSpec layer) {
        ModelSpec model = new ModelSpec(List.of(new Conv2DSpec(2, 1, Activation.LINEAR), layer, new FlattenSpec(),
                new DenseSpec(GradientCheckTest.CLASSES, Activation.SOFTMAX)));
        for (Kernels kernels : new Kernels[] {new PlainKernels(), VectorKernels.withExactly(2)}) {
            GradientCheckTest.check(model, IMAGE, LossKind.CATEGORICAL_CROSSENTROPY, kernels, label, Mode.TRAINING);
            kernels.close();
        }
    }

    /** A whole convnet, as the shipped ones are built: every parameter's gradient through every layer after it. */
    @Test
    void aWholeConvnetMatchesFiniteDifferences() {
        ModelSpec model = new ModelSpec(List.of(
                new Conv2DSpec(3, new Window(3, 3), Window.square(1), Padding.SAME, Activation.RELU, true, new KernelOptions(0.01, null)),
                new BatchNormalizationSpec(),
                new MaxPooling2DSpec(Pooling.of(2)),
                new Conv2DSpec(4, 2, Activation.TANH),
                new FlattenSpec(),
                new DropoutSpec(0.3),
                new DenseSpec(5, Activation.RELU),
                new DenseSpec(GradientCheckTest.CLASSES, Activation.SOFTMAX)));
        for (Kernels kernels : new Kernels[] {new PlainKernels(), VectorKernels.withExactly(2)}) {
            GradientCheckTest.check(model, IMAGE, LossKind.CATEGORICAL_CROSSENTROPY, kernels, "convnet", Mode.TRAINING);
            kernels.close();
        }
    }
}
