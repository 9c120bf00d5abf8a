package trainyard.config;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The losses, by their Keras names: the registry a new loss joins (its arithmetic is in trainyard.model.Loss). */
public enum LossKind {
    CATEGORICAL_CROSSENTROPY, MEAN_SQUARED_ERROR;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Keras also accepts the short name 'mse'. */
    static LossKind read(YamlReader in, Node node) {
        if (node instanceof ScalarNode scalar && scalar.getValue().equalsIgnoreCase("mse")) {
            return MEAN_SQUARED_ERROR;
        }
        return in.choice(node, "loss", values(), LossKind::yamlName);
    }
}
