package trainyard.model;

import trainyard.config.Activation;
import trainyard.kernels.Kernels;

/**
 * Each activation's forward and derivative, by the kernels that compute them: the one
 * place that knows which kernel an activation name means. Derivatives are taken from
 * the activation's output (relu's y > 0, sigmoid's y(1 - y), tanh's 1 - y²), so no
 * pre-activation buffer is kept.
 */
final class Activations {
    private Activations() {
    }

    /** values (batch, width) = activation(values), in place. */
    static void forward(Kernels kernels, Activation activation, float[] values, int batch, int width) {
        int count = batch * width;
        switch (activation) {
            case RELU -> kernels.relu(values, count);
            case SIGMOID -> kernels.sigmoid(values, count);
            case TANH -> kernels.tanh(values, count);
            case SOFTMAX -> kernels.softmax(values, batch, width);
            case LINEAR -> { }
        }
    }

    /** gradient (batch, width): dL/dy → dL/dz in place, given the activation's output y. */
    static void backward(Kernels kernels, Activation activation, float[] output, float[] gradient, int batch, int width) {
        int count = batch * width;
        switch (activation) {
            case RELU -> kernels.reluBackward(output, gradient, count);
            case SIGMOID -> kernels.sigmoidBackward(output, gradient, count);
            case TANH -> kernels.tanhBackward(output, gradient, count);
            case SOFTMAX -> kernels.softmaxBackward(output, gradient, batch, width);
            case LINEAR -> { }
        }
    }
}
