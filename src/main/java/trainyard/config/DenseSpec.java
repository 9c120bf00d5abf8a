package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * keras.layers.Dense (keras/src/layers/core/dense.py) and its options, by Keras's names:
 * <ul>
 * <li>{@code dense}: the number of units.</li>
 * <li>{@code activation}: default linear (Keras's None).</li>
 * <li>{@code dropout}: a Dropout(rate) layer after this one's activation; default 0, none.</li>
 * <li>{@code l2}, {@code max_norm}: the kernel's regulariser and constraint ({@link KernelOptions}).</li>
 * </ul>
 */
public record DenseSpec(int units, Activation activation, double dropout, double l2, Double maxNorm) implements LayerSpec {
    /** Far above any MLP that fits a 2-core machine; stops a typo like 2000000 early. */
    public static final int MAX_UNITS = 1 << 20;

    public DenseSpec {
        Require.between("dense", units, 1, MAX_UNITS);
        Require.present("activation", activation);
        Require.dropoutRate("dropout", dropout);
        new KernelOptions(l2, maxNorm);
    }

    /** A plain dense layer: no dropout, no regulariser, no constraint. */
    public DenseSpec(int units, Activation activation) {
        this(units, activation, 0, 0, null);
    }

    static final LayerTypes.Type TYPE = new LayerTypes.Type("dense", "{dense: UNITS, activation: NAME, dropout: RATE, l2: FACTOR, max_norm: NORM}",
            List.of("dense", "activation", "dropout", "l2", "max_norm"), false, DenseSpec::read);

    @Override
    public String type() {
        return TYPE.key();
    }

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
        new KernelOptions(l2, maxNorm).putInto(map);
        return map;
    }

    private static DenseSpec read(YamlReader in, Node node, Map<String, Node> entries, String path) {
        Integer units = in.integer(entries, path, "dense", 1, v -> Require.between("dense", v, 1, MAX_UNITS));
        Activation activation = Activation.read(in, entries, path);
        Double dropout = in.number(entries, path, "dropout", 0, v -> Require.dropoutRate("dropout", v));
        KernelOptions options = KernelOptions.read(in, entries, path);
        if (units == null || activation == null || dropout == null || options == null) {
            return null;
        }
        return in.attempt(path, () -> new DenseSpec(units, activation, dropout, options.l2(), options.maxNorm()));
    }
}
