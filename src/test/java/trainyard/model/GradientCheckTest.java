package trainyard.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trainyard.config.Activation;
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

    private static void check(Activation hidden, Activation output, LossKind lossKind, Kernels kernels) {
        ModelSpec model = new ModelSpec(List.of(new LayerSpec(6, hidden), new LayerSpec(7, hidden), new LayerSpec(CLASSES, output)));
        Network network = Network.build(model, lossKind, INPUTS, BATCH, 7, kernels);
        SplittableRandom random = new SplittableRandom(3);
        float[] inputs = new float[BATCH * INPUTS];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextDouble(-1, 1);
        }
        float[] targets = new float[BATCH * CLASSES];
        for (int b = 0; b < BATCH; b++) {
            targets[b * CLASSES + random.nextInt(CLASSES)] = 1f;
        }
        float[] predicted = network.predict(inputs, BATCH);
        network.backward(predicted, targets, BATCH);
        final float step = 1e-2f;
        for (Parameter parameter : network.parameters()) {
            float[] analytic = parameter.gradient().clone();
            for (int i = 0; i < parameter.size(); i++) {
                float original = parameter.values()[i];
                parameter.values()[i] = original + step;
                double plus = loss(network, inputs, targets);
                parameter.values()[i] = original - step;
                double minus = loss(network, inputs, targets);
                parameter.values()[i] = original;
                double numeric = (plus - minus) / (2 * step);
                assertThat((double) analytic[i]).as("%s[%d] with %s/%s/%s", parameter.name(), i, hidden, output, lossKind)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(2e-3 + 0.03 * Math.abs(numeric)));
            }
        }
    }

    private static double loss(Network network, float[] inputs, float[] targets) {
        float[] output = network.predict(inputs, BATCH);
        return network.loss(output, targets, BATCH);
    }
}
