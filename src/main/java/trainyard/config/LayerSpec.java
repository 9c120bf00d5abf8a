package trainyard.config;

/** One dense layer: its number of units and its activation (Keras default: linear). */
public record LayerSpec(int units, Activation activation) {
    /** Far above any MLP that fits a 2-core machine; stops a typo like 2000000 early. */
    public static final int MAX_UNITS = 1 << 20;

    public LayerSpec {
        Require.between("dense", units, 1, MAX_UNITS);
        Require.present("activation", activation);
    }
}
