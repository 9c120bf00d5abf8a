package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * keras.layers.BatchNormalization (keras/src/layers/normalization/batch_normalization.py)
 * over the last axis: the bare word {@code batch_normalization}, or
 * {@code {batch_normalization: {momentum: 0.99, epsilon: 0.001}}}. momentum (default
 * 0.99, Keras's) is how much of the moving mean and variance each training step keeps;
 * epsilon (default 1e-3, Keras's) is added to the variance before its square root.
 * Deliberately not here: center/scale switches, renormalisation, other axes.
 */
public record BatchNormalizationSpec(double momentum, double epsilon) implements LayerSpec {
    public static final double DEFAULT_MOMENTUM = 0.99;
    public static final double DEFAULT_EPSILON = 1e-3;

    static final LayerTypes.Type TYPE = new LayerTypes.Type("batch_normalization",
            "batch_normalization, or {batch_normalization: {momentum: 0.99, epsilon: 0.001}}", List.of("batch_normalization"), true,
            BatchNormalizationSpec::read);

    public BatchNormalizationSpec {
        Require.inRange("momentum", momentum, 0, true, 1, false);
        Require.positiveFinite("epsilon", epsilon);
    }

    public BatchNormalizationSpec() {
        this(DEFAULT_MOMENTUM, DEFAULT_EPSILON);
    }

    @Override
    public String type() {
        return TYPE.key();
    }

    /** The bare name at the defaults; otherwise the options that differ. */
    @Override
    public Object canonical() {
        Map<String, Object> options = new LinkedHashMap<>();
        if (momentum != DEFAULT_MOMENTUM) {
            options.put("momentum", momentum);
        }
        if (epsilon != DEFAULT_EPSILON) {
            options.put("epsilon", epsilon);
        }
        if (options.isEmpty()) {
            return type();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(type(), options);
        return map;
    }

    private static BatchNormalizationSpec read(YamlReader in, Node node, Map<String, Node> entries, String path) {
        Node settings = entries.get("batch_normalization");
        if (settings == null || YamlReader.isNull(settings)) {
            return new BatchNormalizationSpec();
        }
        String section = path + ".batch_normalization";
        Map<String, Node> options = in.mapping(settings, section, "{momentum: 0.99, epsilon: 0.001}", List.of("momentum", "epsilon"));
        if (options == null) {
            return null;
        }
        Double momentum = in.number(options, section, "momentum", DEFAULT_MOMENTUM, v -> Require.inRange("momentum", v, 0, true, 1, false));
        Double epsilon = in.number(options, section, "epsilon", DEFAULT_EPSILON, v -> Require.positiveFinite("epsilon", v));
        return momentum == null || epsilon == null ? null : new BatchNormalizationSpec(momentum, epsilon);
    }
}
