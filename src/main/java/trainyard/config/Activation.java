package trainyard.config;

/** The activations a dense or convolution layer may have, by their Keras names. `linear` is Keras's `None`. */
public enum Activation {
    RELU, SIGMOID, TANH, SOFTMAX, LINEAR;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The entry's activation, linear when absent; null with a problem when misspelt. */
    static Activation read(YamlReader in, java.util.Map<String, org.yaml.snakeyaml.nodes.Node> entries, String path) {
        return entries.containsKey("activation")
                ? in.choice(entries.get("activation"), path + ".activation", values(), Activation::yamlName)
                : LINEAR;
    }
}
