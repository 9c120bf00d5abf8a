package trainyard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import trainyard.config.Activation;
import trainyard.config.DenseSpec;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.kernels.Kernels;
import trainyard.kernels.PlainKernels;
import trainyard.kernels.VectorKernels;

/**
 * Dropout as a layer of a network: masks from the seed and the step, the same at 1 and 2
 * threads; inverted scaling; nothing dropped in inference; the gradient flows only
 * through kept units; and the summary, memory plan and tensor names of a dropout network.
 */
class DropoutTest {
    static final int WIDTH = 512;
    static final int BATCH = 64;

    static Network network(Kernels kernels) {
        ModelSpec spec = new ModelSpec(0.2, List.of(new DenseSpec(WIDTH, Activation.LINEAR, 0.5, 0, null), new DenseSpec(3, Activation.SOFTMAX)));
        return Network.build(Architecture.of(spec, new Shape(WIDTH)), LossKind.CATEGORICAL_CROSSENTROPY, BATCH, 1, 2, kernels);
    }

    static float[] ones() {
        float[] values = new float[BATCH * WIDTH];
        Arrays.fill(values, 1f);
        return values;
    }

    @Test
    void theInputMaskDependsOnSeedAndStepOnlyAndIsTheSameOnOneAndTwoThreads() {
        float[] first;
        try (Kernels kernels = new VectorKernels(1)) {
            first = network(kernels).layers().get(0).forward(ones(), BATCH, Mode.TRAINING, 17).clone();
        }
        try (Kernels kernels = VectorKernels.withExactly(2)) {
            Layer dropout = network(kernels).layers().get(0);
            assertThat(dropout.forward(ones(), BATCH, Mode.TRAINING, 17)).containsExactly(first);
            assertThat(dropout.forward(ones(), BATCH, Mode.TRAINING, 18)).isNotEqualTo(first);
        }
        assertThat(network(new PlainKernels()).layers().get(0).forward(ones(), BATCH, Mode.TRAINING, 17)).containsExactly(first);
        int dropped = 0;
        for (float value : first) {
            if (value == 0f) {
                dropped++;
            } else {
                assertThat(value).isEqualTo(1f / 0.8f);
            }
        }
        // 32,768 values at rate 0.2: the standard deviation of the share is 0.0022; allow 5 of them.
        assertThat(dropped / (double) first.length).isCloseTo(0.2, within(0.011));
    }

    @Test
    void inferencePassesValuesThroughUntouched() {
        Network network = network(new PlainKernels());
        float[] input = ones();
        assertThat(network.layers().get(0).forward(input, BATCH, Mode.INFERENCE, 17)).isSameAs(input);
        float[] predicted = network.predict(input, BATCH).clone();
        assertThat(network.forward(input, BATCH, Mode.INFERENCE, 99)).containsExactly(predicted);
        assertThat(network.forward(input, BATCH, Mode.TRAINING, 99)).isNotEqualTo(predicted);
    }

    @Test
    void theGradientFlowsOnlyThroughKeptUnitsScaledLikeThem() {
        Network network = network(new PlainKernels());
        Layer hiddenDropout = network.layers().get(2);
        float[] input = new float[BATCH * WIDTH];
        Arrays.fill(input, 0.5f);
        float[] output = hiddenDropout.forward(input, BATCH, Mode.TRAINING, 4);
        Arrays.fill(hiddenDropout.outputGradient(), 2f);
        hiddenDropout.backward(BATCH);
        float[] inputGradient = network.layers().get(1).outputGradient(); // the dense layer below receives it
        for (int i = 0; i < BATCH * WIDTH; i++) {
            assertThat(inputGradient[i]).isEqualTo(output[i] == 0f ? 0f : 2f / 0.5f);
        }
    }

    @Test
    void planNamesShapesAndSizes() {
        Architecture architecture = network(new PlainKernels()).architecture();
        assertThat(architecture.layers()).extracting(LayerPlan::name).containsExactly("dropout_1", "dense_1", "dropout_2", "dense_2");
        assertThat(architecture.layers()).extracting(LayerPlan::type).containsExactly("Dropout", "Dense", "Dropout", "Dense");
        assertThat(architecture.layers().get(2).outputShape()).isEqualTo(new Shape(WIDTH));
        assertThat(architecture.parameterCount()).isEqualTo((long) WIDTH * WIDTH + WIDTH + WIDTH * 3L + 3);
        assertThat(network(new PlainKernels()).parameters()).extracting(Parameter::name)
                .containsExactly("dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias");
    }

    /** MaxNorm through the network: after constrain(), every unit's incoming weights have a norm of at most max_norm. */
    @Test
    void constrainLimitsEveryUnitsIncomingNorm() {
        ModelSpec spec = new ModelSpec(List.of(new DenseSpec(32, Activation.RELU, 0, 0, 0.5), new DenseSpec(3, Activation.SOFTMAX)));
        for (Kernels kernels : new Kernels[] {new PlainKernels(), new VectorKernels(1)}) {
            Network network = Network.build(spec, LossKind.CATEGORICAL_CROSSENTROPY, 100, 4, 3, kernels);
            Dense dense = (Dense) network.layers().get(0);
            float[] weights = dense.weights().values();
            for (int i = 0; i < weights.length; i++) {
                weights[i] *= 10; // Glorot's limit here is 0.22: columns of 100 such weights have norms near 13
            }
            float[] unconstrained = ((Dense) network.layers().get(1)).weights().values().clone();
            network.constrain();
            for (int unit = 0; unit < 32; unit++) {
                double norm = 0;
                for (int input = 0; input < 100; input++) {
                    norm += (double) weights[input * 32 + unit] * weights[input * 32 + unit];
                }
                assertThat(Math.sqrt(norm)).isLessThanOrEqualTo(0.5 + 1e-6).isGreaterThan(0.5 - 1e-4);
            }
            assertThat(((Dense) network.layers().get(1)).weights().values()).containsExactly(unconstrained); // no max_norm there
            kernels.close();
        }
    }
}
