package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One dense layer and its options, by Keras's names:
 * <ul>
 * <li>{@code dense}: the number of units.</li>
 * <li>{@code activation}: default linear (Keras's None).</li>
 * <li>{@code dropout}: a Dropout(rate) layer after this one's activation; default 0, none.</li>
 * <li>{@code l2}: kernel_regularizer=L2(l2), adding l2·ΣW² to the loss; default 0, none
 *   (keras/regularizers/regularizers.py).</li>
 * <li>{@code max_norm}: kernel_constraint=MaxNorm(max_norm), each unit's incoming weights
 *   rescaled to a norm of at most this after every step; default null, none
 *   (keras/constraints/constraints.py).</li>
 * </ul>
 */
public record LayerSpec(int units, Activation activation, double dropout, double l2, Double maxNorm) {
    /** Far above any MLP that fits a 2-core machine; stops a typo like 2000000 early. */
    public static final int MAX_UNITS = 1 << 20;

    public LayerSpec {
        Require.between("dense", units, 1, MAX_UNITS);
        Require.present("activation", activation);
        Require.dropoutRate("dropout", dropout);
        Require.nonNegativeFinite("l2", l2);
        if (maxNorm != null) {
            Require.positiveFinite("max_norm", maxNorm);
        }
    }

    /** A plain dense layer: no dropout, no regulariser, no constraint. */
    public LayerSpec(int units, Activation activation) {
        this(units, activation, 0, 0, null);
    }

    /** The keys of a layer entry: the layer type, then its options. */
    static final List<String> KEYS = List.of("dense", "activation", "dropout", "l2", "max_norm");

    /**
     * As the file writes it. dense and activation are always written; the options only
     * when set (they joined after run_ids existed, and a run without them keeps its id and
     * its config as older results hold it).
     */
    public Map<String, Object> canonical() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dense", units);
        map.put("activation", activation.yamlName());
        if (dropout != 0) {
            map.put("dropout", dropout);
        }
        if (l2 != 0) {
            map.put("l2", l2);
        }
        if (maxNorm != null) {
            map.put("max_norm", maxNorm);
        }
        return map;
    }

    static LayerSpec read(YamlReader in, Node node, String path) {
        Map<String, Node> entries = in.mapping(node, path, "{dense: UNITS, activation: NAME, dropout: RATE, l2: FACTOR, max_norm: NORM}", KEYS);
        if (entries == null) {
            return null;
        }
        if (!entries.containsKey("dense")) {
            in.problem(node, path + ": expected 'dense: UNITS' (the only layer type)");
            return null;
        }
        Integer units = in.integer(entries, path, "dense", 1, v -> Require.between("dense", v, 1, MAX_UNITS));
        Activation activation = entries.containsKey("activation")
                ? in.choice(entries.get("activation"), path + ".activation", Activation.values(), Activation::yamlName)
                : Activation.LINEAR;
        Double dropout = in.number(entries, path, "dropout", 0, v -> Require.dropoutRate("dropout", v));
        Double l2 = in.number(entries, path, "l2", 0, v -> Require.nonNegativeFinite("l2", v));
        boolean constrained = entries.containsKey("max_norm") && !YamlReader.isNull(entries.get("max_norm"));
        Double maxNorm = constrained ? in.number(entries.get("max_norm"), path + ".max_norm", v -> Require.positiveFinite("max_norm", v)) : null;
        if (units == null || activation == null || dropout == null || l2 == null || (constrained && maxNorm == null)) {
            return null;
        }
        return in.attempt(path, () -> new LayerSpec(units, activation, dropout, l2, maxNorm));
    }
}
