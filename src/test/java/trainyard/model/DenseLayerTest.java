package trainyard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import trainyard.config.Activation;
import trainyard.config.DenseSpec;
import trainyard.config.LayerSpec;
import trainyard.config.LossKind;
import trainyard.config.ModelSpec;
import trainyard.kernels.PlainKernels;
import trainyard.kernels.VectorKernels;

/** One dense layer computed by hand: forward, backward, and Glorot's limit. */
class DenseLayerTest {
    @Test
    void forwardAndBackwardMatchAHandComputation() {
        for (var kernels : new trainyard.kernels.Kernels[] {new PlainKernels(), new VectorKernels(1)}) {
            // 2 inputs -> 2 linear outputs, mean squared error, one example.
            Network network = Network.build(new ModelSpec(List.of(new DenseSpec(2, Activation.LINEAR))), LossKind.MEAN_SQUARED_ERROR, 2, 1, 0, kernels);
            Dense layer = (Dense) network.layers().get(0);
            System.arraycopy(new float[] {1, 2, 3, 4}, 0, layer.weights().values(), 0, 4); // W = [[1, 2], [3, 4]]
            System.arraycopy(new float[] {0.5f, -1}, 0, layer.bias().values(), 0, 2);
            float[] output = network.predict(new float[] {1, 2}, 1);
            // y = x·W + b = [1·1 + 2·3 + 0.5, 1·2 + 2·4 - 1] = [7.5, 9]
            assertThat(output[0]).isEqualTo(7.5f);
            assertThat(output[1]).isEqualTo(9f);
            float[] targets = {7, 10};
            // L = ((0.5)² + (-1)²) / 2 = 0.625; dL/dy = 2(y - t)/2 = [0.5, -1]
            assertThat(network.loss().value(output, targets, 1, 2)).isCloseTo(0.625, within(1e-6));
            network.backward(output, targets, 1);
            // dW = xᵀ·dy = [[0.5, -1], [1, -2]]; db = dy
            assertThat(layer.weights().gradient()).containsExactly(new float[] {0.5f, -1, 1, -2}, within(1e-6f));
            assertThat(layer.bias().gradient()).containsExactly(new float[] {0.5f, -1}, within(1e-6f));
            kernels.close();
        }
    }

    @Test
    void weightsAreGlorotUniformAndBiasesZero() {
        Network network = Network.build(new ModelSpec(List.of(new DenseSpec(200, Activation.RELU))), LossKind.MEAN_SQUARED_ERROR, 784, 1, 5,
                new PlainKernels());
        Dense layer = (Dense) network.layers().get(0);
        double limit = Math.sqrt(6.0 / (784 + 200));
        double sum = 0;
        for (float weight : layer.weights().values()) {
            assertThat((double) Math.abs(weight)).isLessThanOrEqualTo(limit);
            sum += weight * weight;
        }
        // A uniform distribution on [-l, l] has variance l²/3.
        assertThat(sum / layer.weights().size()).isCloseTo(limit * limit / 3, within(limit * limit / 30));
        assertThat(layer.bias().values()).containsOnly(0f);
        // The same seed gives the same weights; another seed does not.
        Network again = Network.build(new ModelSpec(List.of(new DenseSpec(200, Activation.RELU))), LossKind.MEAN_SQUARED_ERROR, 784, 1, 5, new PlainKernels());
        assertThat(((Dense) again.layers().get(0)).weights().values()).containsExactly(layer.weights().values());
        Network other = Network.build(new ModelSpec(List.of(new DenseSpec(200, Activation.RELU))), LossKind.MEAN_SQUARED_ERROR, 784, 1, 6, new PlainKernels());
        assertThat(((Dense) other.layers().get(0)).weights().values()).isNotEqualTo(layer.weights().values());
    }
}
