package trainyard.config;

/** The losses, by their Keras names. */
public enum LossKind {
    CATEGORICAL_CROSSENTROPY, MEAN_SQUARED_ERROR;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
