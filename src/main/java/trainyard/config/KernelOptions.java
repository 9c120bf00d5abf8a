package trainyard.config;

import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What Dense and Conv2D may do to their kernel, by Keras's names: {@code l2}, the
 * kernel_regularizer L2(l2) adding l2·ΣW² to the loss (keras/src/regularizers/regularizers.py;
 * default 0, none), and {@code max_norm}, the kernel_constraint MaxNorm(max_norm) rescaling
 * each output unit's incoming weights to a norm of at most this after every step
 * (keras/src/constraints/constraints.py; default null, none).
 */
public record KernelOptions(double l2, Double maxNorm) {
    public KernelOptions {
        Require.nonNegativeFinite("l2", l2);
        if (maxNorm != null) {
            Require.positiveFinite("max_norm", maxNorm);
        }
    }

    /** Writes the options that are set; at their defaults they stay out of the canonical form. */
    void putInto(Map<String, Object> map) {
        if (l2 != 0) {
            map.put("l2", l2);
        }
        if (maxNorm != null) {
            map.put("max_norm", maxNorm);
        }
    }

    /** The entry's l2 and max_norm; null with a problem when one is bad. */
    static KernelOptions read(YamlReader in, Map<String, Node> entries, String path) {
        Double l2 = in.number(entries, path, "l2", 0, v -> Require.nonNegativeFinite("l2", v));
        boolean constrained = entries.containsKey("max_norm") && !YamlReader.isNull(entries.get("max_norm"));
        Double maxNorm = constrained ? in.number(entries.get("max_norm"), path + ".max_norm", v -> Require.positiveFinite("max_norm", v)) : null;
        return l2 == null || (constrained && maxNorm == null) ? null : new KernelOptions(l2, maxNorm);
    }
}
