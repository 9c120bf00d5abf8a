package trainyard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trainyard.config.Activation;
import trainyard.config.DenseSpec;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.kernels.Kernels;
import trainyard.kernels.PlainKernels;
import trainyard.kernels.VectorKernels;

/**
 * Every activation and loss against central finite differences of the loss: the
 * reference that needs no trust in our own derivatives. Float32 forward passes limit the
 * agreement: tolerance 2e-3 absolute plus 3% relative, with a step of 1e-2.
 */
class GradientCheckTest {
    static final int INPUTS = 5;
    static final int BATCH = 3;
    static final int CLASSES = 4;
    /** The training step whose dropout masks the regularised check uses. */
    static final long STEP = 3;

    static Stream<Arguments> networks() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Activation hidden : Activation.values()) {
            cases.add(Arguments.of(hidden, Activation.SOFTMAX, LossKind.CATEGORICAL_CROSSENTROPY));
        }
        cases.add(Arguments.of(Activation.TANH, Activation.SIGMOID, LossKind.CATEGORICAL_CROSSENTROPY));
        cases.add(Arguments.of(Activation.RELU, Activation.LINEAR, LossKind.MEAN_SQUARED_ERROR));
        cases.add(Arguments.of(Activation.SIGMOID, Activation.SOFTMAX, LossKind.MEAN_SQUARED_ERROR));
        cases.add(Arguments.of(Activation.LINEAR, Activation.TANH, LossKind.MEAN_SQUARED_ERROR));
        cases.add(Arguments.of(Activation.SOFTMAX, Activation.RELU, LossKind.MEAN_SQUARED_ERROR));
        return cases.build();
    }

    @ParameterizedTest(name = "{0} hidden, {1} output, {2}")
    @MethodSource("networks")
    void analyticGradientsMatchFiniteDifferences(Activation hidden, Activation output, LossKind lossKind) {
        for (Kernels kernels : new Kernels[] {new PlainKernels(), new VectorKernels(1)}) {
            check(hidden, output, lossKind, kernels);
            kernels.close();
        }
    }

    /**
     * Dropout in training mode (its mask fixed by the step, so the loss is a function of the
     * weights alone) and L2 penalties, whose term joins the loss: the whole gradient, penalty
     * included, against finite differences of the whole loss.
     */
    @org.junit.jupiter.api.Test
    void dropoutAndL2GradientsMatchFiniteDifferences() {
        ModelSpec model = new ModelSpec(0.2, List.of(new DenseSpec(6, Activation.RELU, 0.5, 0.01, null),
                new DenseSpec(7, Activation.TANH, 0.3, 0.05, 2.0), new DenseSpec(CLASSES, Activation.SOFTMAX, 0, 0.02, null)));
        for (Kernels kernels : new Kernels[] {new PlainKernels(), new VectorKernels(1)}) {
            check(model, LossKind.CATEGORICAL_CROSSENTROPY, kernels, "dropout and L2", Mode.TRAINING);
            kernels.close();
        }
    }

    private static void check(Activation hidden, Activation output, LossKind lossKind, Kernels kernels) {
        ModelSpec model = new ModelSpec(List.of(new DenseSpec(6, hidden), new DenseSpec(7, hidden), new DenseSpec(CLASSES, output)));
        check(model, lossKind, kernels, hidden + "/" + output + "/" + lossKind, Mode.INFERENCE);
    }

    private static void check(ModelSpec model, LossKind lossKind, Kernels kernels, String label, Mode mode) {
        check(model, new Shape(INPUTS), lossKind, kernels, label, mode);
    }

    /**
     * Every trainable value's gradient against central differences of the loss, on a batch
     * of random inputs of the given shape. A layer's input gradient is checked through
     * the parameters of the layers before it.
     */
    static void check(ModelSpec model, Shape input, LossKind lossKind, Kernels kernels, String label, Mode mode) {
        Network network = Network.build(model, lossKind, input, BATCH, 7, kernels);
        SplittableRandom random = new SplittableRandom(3);
        float[] inputs = new float[BATCH * input.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextDouble(-1, 1);
        }
        float[] targets = new float[BATCH * CLASSES];
        for (int b = 0; b < BATCH; b++) {
            targets[b * CLASSES + random.nextInt(CLASSES)] = 1f;
        }
        float[] predicted = network.forward(inputs, BATCH, mode, STEP);
        network.backward(predicted, targets, BATCH);
        final float step = 1e-2f;
        for (Parameter parameter : network.parameters()) {
            float[] analytic = parameter.gradient().clone();
            for (int i = 0; i < parameter.size(); i++) {
                float original = parameter.values()[i];
                parameter.values()[i] = original + step;
                double plus = loss(network, inputs, targets, mode);
                parameter.values()[i] = original - step;
                double minus = loss(network, inputs, targets, mode);
                parameter.values()[i] = original;
                double numeric = (plus - minus) / (2 * step);
                assertThat((double) analytic[i]).as("%s[%d] with %s", parameter.name(), i, label)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-3 + 0.03 * Math.abs(numeric)));
            }
        }
    }

    private static double loss(Network network, float[] inputs, float[] targets, Mode mode) {
        float[] output = network.forward(inputs, BATCH, mode, STEP);
        return network.loss(output, targets, BATCH);
    }
}
