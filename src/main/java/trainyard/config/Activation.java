package trainyard.config;

/** The activations a dense layer may have, by their Keras names. `linear` is Keras's `None`. */
public enum Activation {
    RELU, SIGMOID, TANH, SOFTMAX, LINEAR;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
