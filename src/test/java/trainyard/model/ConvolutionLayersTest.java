package trainyard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import trainyard.config.Activation;
import trainyard.config.BatchNormalizationSpec;
import trainyard.config.Conv2DSpec;
import trainyard.config.DenseSpec;
import trainyard.config.DropoutSpec;
import trainyard.config.FlattenSpec;
import trainyard.config.KernelOptions;
import trainyard.config.LossKind;
import trainyard.config.MaxPooling2DSpec;
import trainyard.config.ModelSpec;
import trainyard.config.Padding;
import trainyard.config.Pooling;
import trainyard.config.Window;
import trainyard.kernels.Kernels;
import trainyard.kernels.PlainKernels;
import trainyard.kernels.VectorKernels;
import trainyard.train.ModelSummary;

/**
 * The image layers against references written independently of them: a convolution
 * summed term by term from its definition, pooling as the largest of each window, batch
 * normalisation's statistics; Keras's summary of its MNIST convnet; and results that are
 * the same bits on 1, 2, 3, 4 and 8 threads.
 */
class ConvolutionLayersTest {
    private static float[] random(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    /** TensorFlow's padding for same: total max((out - 1)·stride + window - in, 0), the odd one after. */
    @Test
    void samePaddingIsTensorFlows() {
        assertThat(Padding.SAME.outputLength(28, 3, 1)).isEqualTo(28);
        assertThat(Padding.SAME.paddingBefore(28, 3, 1)).isEqualTo(1);
        assertThat(Padding.SAME.outputLength(7, 3, 2)).isEqualTo(4);
        assertThat(Padding.SAME.paddingBefore(7, 3, 2)).isEqualTo(1);
        assertThat(Padding.SAME.outputLength(6, 2, 2)).isEqualTo(3);
        assertThat(Padding.SAME.paddingBefore(6, 2, 2)).isZero();
        assertThat(Padding.SAME.paddingBefore(6, 4, 1)).isEqualTo(1); // total 3: 1 before, 2 after
        assertThat(Padding.VALID.outputLength(28, 3, 1)).isEqualTo(26);
        assertThat(Padding.VALID.outputLength(13, 2, 2)).isEqualTo(6);
        assertThat(Padding.VALID.outputLength(2, 3, 1)).isZero();
    }

    @Test
    void convolutionIsItsDefinitionSummedTermByTerm() {
        for (Conv2DSpec spec : List.of(new Conv2DSpec(3, 3, Activation.LINEAR),
                new Conv2DSpec(5, new Window(3, 2), new Window(2, 1), Padding.SAME, Activation.LINEAR, true, new KernelOptions(0, null)),
                new Conv2DSpec(2, new Window(4, 4), new Window(3, 3), Padding.SAME, Activation.LINEAR, true, new KernelOptions(0, null)),
                new Conv2DSpec(17, new Window(1, 1), Window.square(1), Padding.VALID, Activation.LINEAR, true, new KernelOptions(0, null)))) {
            Shape input = new Shape(9, 7, 3);
            int batch = 4;
            for (Kernels kernels : new Kernels[] {new PlainKernels(), VectorKernels.withExactly(2)}) {
                Conv2D.Plan plan = Conv2D.plan(1, input, spec, "layers[0]");
                Conv2D layer = (Conv2D) plan.build(kernels, batch, new SplittableRandom(5), 0);
                float[] images = random(batch * input.size(), 9);
                Parameter kernel = layer.parameters().get(0);
                Parameter bias = layer.parameters().get(1);
                System.arraycopy(random(bias.size(), 4), 0, bias.values(), 0, bias.size());
                float[] output = layer.forward(images, batch, Mode.INFERENCE, 0);
                float[] expected = directConvolution(images, batch, input, kernel.values(), bias.values(), spec);
                for (int i = 0; i < expected.length; i++) {
                    assertThat(output[i]).as("%s output %d", spec, i).isCloseTo(expected[i], within(1e-5f));
                }
                kernels.close();
            }
        }
    }

    /** out[n, y, x, f] = b[f] + Σ in[n, y·sy - top + i, x·sx - left + j, c] · W[i, j, c, f], outside the image 0. */
    private static float[] directConvolution(float[] images, int batch, Shape input, float[] kernel, float[] bias, Conv2DSpec spec) {
        int height = input.dimension(0);
        int width = input.dimension(1);
        int channels = input.channels();
        int kh = spec.kernelSize().height();
        int kw = spec.kernelSize().width();
        int sy = spec.strides().height();
        int sx = spec.strides().width();
        int outHeight = spec.padding() == Padding.SAME ? (height + sy - 1) / sy : (height - kh) / sy + 1;
        int outWidth = spec.padding() == Padding.SAME ? (width + sx - 1) / sx : (width - kw) / sx + 1;
        int top = spec.padding() == Padding.SAME ? Math.max((outHeight - 1) * sy + kh - height, 0) / 2 : 0;
        int left = spec.padding() == Padding.SAME ? Math.max((outWidth - 1) * sx + kw - width, 0) / 2 : 0;
        int filters = spec.filters();
        float[] out = new float[batch * outHeight * outWidth * filters];
        for (int n = 0; n < batch; n++) {
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < outWidth; x++) {
                    for (int f = 0; f < filters; f++) {
                        double sum = bias[f];
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                int row = y * sy - top + i;
                                int column = x * sx - left + j;
                                if (row < 0 || row >= height || column < 0 || column >= width) {
                                    continue;
                                }
                                for (int c = 0; c < channels; c++) {
                                    sum += images[((n * height + row) * width + column) * channels + c] * kernel[((i * kw + j) * channels + c) * filters + f];
                                }
                            }
                        }
                        out[((n * outHeight + y) * outWidth + x) * filters + f] = (float) sum;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void maxPoolingTakesEachWindowsLargestAndSendsItTheGradient() {
        Shape input = new Shape(5, 5, 2);
        for (Pooling pooling : List.of(Pooling.of(2), new Pooling(Window.square(3), Window.square(2), Padding.SAME),
                new Pooling(new Window(2, 3), new Window(1, 2), Padding.VALID))) {
            for (Kernels kernels : new Kernels[] {new PlainKernels(), VectorKernels.withExactly(3)}) {
                MaxPooling2D.Plan plan = MaxPooling2D.plan(1, input, new MaxPooling2DSpec(pooling), "layers[0]");
                MaxPooling2D layer = (MaxPooling2D) plan.build(kernels, 3, null, 0);
                float[] previousGradient = new float[3 * input.size()];
                layer.sendInputGradientTo(previousGradient);
                float[] images = random(3 * input.size(), 2);
                float[] output = layer.forward(images, 3, Mode.TRAINING, 0);
                var g = plan.geometry();
                float[] expectedGradient = new float[images.length];
                for (int n = 0; n < 3; n++) {
                    for (int y = 0; y < g.outputHeight(); y++) {
                        for (int x = 0; x < g.outputWidth(); x++) {
                            for (int c = 0; c < 2; c++) {
                                float best = Float.NEGATIVE_INFINITY;
                                int at = -1;
                                for (int i = 0; i < pooling.poolSize().height(); i++) {
                                    for (int j = 0; j < pooling.poolSize().width(); j++) {
                                        int row = y * pooling.strides().height() - g.padTop() + i;
                                        int column = x * pooling.strides().width() - g.padLeft() + j;
                                        if (row >= 0 && row < 5 && column >= 0 && column < 5 && images[((n * 5 + row) * 5 + column) * 2 + c] > best) {
                                            best = images[((n * 5 + row) * 5 + column) * 2 + c];
                                            at = ((n * 5 + row) * 5 + column) * 2 + c;
                                        }
                                    }
                                }
                                int o = ((n * g.outputHeight() + y) * g.outputWidth() + x) * 2 + c;
                                assertThat(output[o]).isEqualTo(best);
                                layer.outputGradient()[o] = o + 1;
                                expectedGradient[at] += o + 1;
                            }
                        }
                    }
                }
                layer.backward(3);
                assertThat(previousGradient).containsExactly(expectedGradient);
                kernels.close();
            }
        }
    }

    @Test
    void batchNormalizationUsesTheBatchWhileTrainingAndItsMovingStatisticsAfter() {
        Shape input = new Shape(3, 2, 4);
        int batch = 5;
        BatchNormalization.Plan plan = BatchNormalization.plan(1, input, new BatchNormalizationSpec(0.9, 1e-3));
        BatchNormalization layer = (BatchNormalization) plan.build(new PlainKernels(), batch, null, 0);
        float[] x = random(batch * input.size(), 8);
        for (int i = 0; i < x.length; i++) {
            x[i] = x[i] * (1 + i % 4) + i % 4; // channel c: mean c, a spread that grows with c
        }
        float[] y = layer.forward(x, batch, Mode.TRAINING, 0).clone();
        int rows = batch * 6;
        for (int c = 0; c < 4; c++) {
            double mean = 0;
            double squares = 0;
            double outMean = 0;
            double outSquares = 0;
            for (int r = 0; r < rows; r++) {
                mean += x[r * 4 + c];
                outMean += y[r * 4 + c];
            }
            mean /= rows;
            outMean /= rows;
            for (int r = 0; r < rows; r++) {
                squares += (x[r * 4 + c] - mean) * (x[r * 4 + c] - mean);
                outSquares += (y[r * 4 + c] - outMean) * (y[r * 4 + c] - outMean);
            }
            double variance = squares / rows; // biased, as Keras's ops.moments
            assertThat(outMean).isCloseTo(0, within(1e-6));
            assertThat(outSquares / rows).isCloseTo(variance / (variance + 1e-3), within(1e-5));
            List<Parameter> statistics = layer.statistics();
            assertThat((double) statistics.get(0).values()[c]).isCloseTo(0.1 * mean, within(1e-6));
            assertThat((double) statistics.get(1).values()[c]).isCloseTo(0.9 + 0.1 * variance, within(1e-5));
            // Inference normalises with the moving statistics, not the batch's.
            float[] inferred = layer.forward(x, batch, Mode.INFERENCE, 0);
            double expected = (x[c] - 0.1 * mean) / Math.sqrt(0.9 + 0.1 * variance + 1e-3);
            assertThat((double) inferred[c]).isCloseTo(expected, within(1e-5));
        }
    }

    /** keras.io/examples/vision/mnist_convnet's model.summary(): its shapes and 34,826 parameters. */
    @Test
    void theSummaryIsKerassForItsMnistConvnet() {
        ModelSpec model = kerasMnistConvnet();
        Architecture architecture = Architecture.of(model, new Shape(28, 28));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSummary.print(architecture, "mnist_convnet", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String summary = bytes.toString(StandardCharsets.UTF_8);
        assertThat(summary).contains("conv2d_1 (Conv2D)            (None, 26, 26, 32)        320")
                .contains("max_pooling2d_1 (MaxPooling2D)(None, 13, 13, 32)        0")
                .contains("conv2d_2 (Conv2D)            (None, 11, 11, 64)        18496")
                .contains("(None, 5, 5, 64)")
                .contains("flatten_1 (Flatten)          (None, 1600)              0")
                .contains("dense_1 (Dense)              (None, 10)                16010")
                .contains("Total params: 34,826").contains("Non-trainable params: 0");
        ModelSpec normalised = new ModelSpec(List.of(new Conv2DSpec(8, 3, Activation.RELU), new BatchNormalizationSpec(), new FlattenSpec(),
                new DenseSpec(10, Activation.SOFTMAX)));
        Architecture withStatistics = Architecture.of(normalised, new Shape(28, 28));
        assertThat(withStatistics.parameterCount()).isEqualTo(80 + 32 + 26 * 26 * 8 * 10 + 10);
        assertThat(withStatistics.nonTrainableCount()).isEqualTo(16);
    }

    static ModelSpec kerasMnistConvnet() {
        return new ModelSpec(List.of(new Conv2DSpec(32, 3, Activation.RELU), new MaxPooling2DSpec(Pooling.of(2)),
                new Conv2DSpec(64, 3, Activation.RELU), new MaxPooling2DSpec(Pooling.of(2)), new FlattenSpec(), new DropoutSpec(0.5),
                new DenseSpec(10, Activation.SOFTMAX)));
    }

    /** A training pass of a convnet gives the same bits of outputs and gradients on 1, 2, 3, 4 and 8 threads. */
    @Test
    void aConvnetsStepIsTheSameBitsOnAnyNumberOfThreads() {
        ModelSpec model = new ModelSpec(List.of(
                new Conv2DSpec(16, new Window(3, 3), Window.square(1), Padding.SAME, Activation.RELU, true, new KernelOptions(0, null)),
                new BatchNormalizationSpec(), new MaxPooling2DSpec(Pooling.of(2)), new Conv2DSpec(24, 3, Activation.RELU),
                new MaxPooling2DSpec(Pooling.of(2)), new FlattenSpec(), new DropoutSpec(0.25), new DenseSpec(10, Activation.SOFTMAX)));
        int batch = 40;
        Shape input = new Shape(20, 20);
        float[] images = random(batch * input.size(), 12);
        float[] targets = new float[batch * 10];
        for (int n = 0; n < batch; n++) {
            targets[n * 10 + n % 10] = 1;
        }
        float[][] reference = null;
        for (int threads : new int[] {1, 2, 3, 4, 8}) {
            try (Kernels kernels = VectorKernels.withExactly(threads)) {
                Network network = Network.build(model, LossKind.CATEGORICAL_CROSSENTROPY, input, batch, 3, kernels);
                float[] output = network.forward(images, batch, Mode.TRAINING, 7);
                float[] outputs = Arrays.copyOf(output, batch * 10);
                network.backward(output, targets, batch);
                float[][] results = new float[network.parameters().size() + 1][];
                results[0] = outputs;
                for (int p = 0; p < network.parameters().size(); p++) {
                    results[p + 1] = network.parameters().get(p).gradient().clone();
                }
                if (reference == null) {
                    reference = results;
                } else {
                    for (int p = 0; p < results.length; p++) {
                        assertThat(results[p]).as("%d threads, array %d", threads, p).containsExactly(reference[p]);
                    }
                }
            }
        }
    }
}
