package trainyard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * An optimizer as the file names it: {@code adam}, or {@code {name: sgd, learning_rate: 0.1,
 * momentum: 0.9}}. Which names exist, their settings and Keras's defaults are declared
 * once, in {@link OptimizerKind}; an omitted value means what it means in Keras, since users
 * compare against Keras tutorials.
 *
 * @param learningRate a constant or a schedule; default the optimizer's Keras default
 * @param weightDecay  Keras 3's optimizer-level, decoupled weight_decay: before each update,
 *                     w -= w · weight_decay · learning_rate (keras/optimizers/base_optimizer.py).
 *                     Default 0.004 for adamw, 0 (none) for the others
 * @param settings     every setting of the kind, defaults filled in: Double or Boolean by key
 */
public record OptimizerSpec(String name, LearningRateSpec learningRate, double weightDecay, Map<String, Object> settings) {
    public OptimizerSpec {
        OptimizerKind kind = OptimizerKind.named(name);
        Require.present("learning_rate", learningRate);
        Require.nonNegativeFinite("weight_decay", weightDecay);
        Map<String, Object> complete = new LinkedHashMap<>();
        for (Setting setting : kind.settings) {
            Object value = settings.getOrDefault(setting.key(), setting.defaultValue());
            setting.validate(value);
            complete.put(setting.key(), value);
        }
        for (String key : settings.keySet()) {
            if (!complete.containsKey(key)) {
                throw new InvalidValueException(key, "is not a setting of " + name + "; its settings: " + keys(kind));
            }
        }
        settings = java.util.Collections.unmodifiableMap(complete);
    }

    /** The optimizer with every Keras default. */
    public static OptimizerSpec defaults(String name) {
        OptimizerKind kind = OptimizerKind.named(name);
        return new OptimizerSpec(name, new LearningRateSpec.Constant(kind.learningRate), kind.weightDecay, Map.of());
    }

    /** The optimizer with a constant learning rate and the given settings, the rest Keras's defaults. */
    public static OptimizerSpec of(String name, double learningRate, Map<String, Object> settings) {
        return new OptimizerSpec(name, new LearningRateSpec.Constant(learningRate), OptimizerKind.named(name).weightDecay, settings);
    }

    public OptimizerKind kind() {
        return OptimizerKind.named(name);
    }

    /** A numeric setting of this optimizer, by its declaration in {@link OptimizerKind.Settings}. */
    public double number(Setting setting) {
        return (Double) value(setting);
    }

    /** A true/false setting of this optimizer, by its declaration in {@link OptimizerKind.Settings}. */
    public boolean flag(Setting setting) {
        return (Boolean) value(setting);
    }

    private Object value(Setting setting) {
        if (!kind().settings.contains(setting)) {
            throw new IllegalArgumentException(name + " has no setting " + setting.key());
        }
        return settings.get(setting.key());
    }

    /**
     * As the file writes it. weight_decay and every setting added after run_ids existed
     * are written only when they differ from their default, so a file that leaves them
     * out keeps the run_id (and the result.json config) it always had.
     */
    public Map<String, Object> canonical() {
        OptimizerKind kind = kind();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("learning_rate", learningRate.canonical());
        if (weightDecay != kind.weightDecay) {
            map.put("weight_decay", weightDecay);
        }
        for (Setting setting : kind.settings) {
            Object value = settings.get(setting.key());
            if (setting.written(value)) {
                map.put(setting.key(), value);
            }
        }
        return map;
    }

    static OptimizerSpec read(YamlReader in, Node node) {
        String expected = String.join(" or ", OptimizerKind.names()) + ", or {name: NAME, learning_rate: RATE, ...}";
        if (node instanceof ScalarNode) {
            String name = in.choiceName(node, "optimizer", OptimizerKind.names());
            return name == null ? null : defaults(name);
        }
        if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
            in.problem(node, "optimizer: expected " + expected + ", found " + YamlReader.describe(node));
            return null;
        }
        Node nameNode = YamlReader.valueOf(node, "name");
        if (nameNode == null) {
            in.problem(node, "optimizer: missing 'name': expected one of " + String.join(", ", OptimizerKind.names()));
            return null;
        }
        String name = in.choiceName(nameNode, "optimizer.name", OptimizerKind.names());
        if (name == null) {
            return null;
        }
        OptimizerKind kind = OptimizerKind.named(name);
        List<String> keys = new ArrayList<>(List.of("name", "learning_rate", "weight_decay"));
        kind.settings.forEach(setting -> keys.add(setting.key()));
        Map<String, Node> entries = in.mapping(node, "optimizer", expected, keys, key -> ownerOtherThan(key, name));
        if (entries == null) {
            return null;
        }
        LearningRateSpec rate = entries.containsKey("learning_rate")
                ? LearningRateSpec.read(in, entries.get("learning_rate"), "optimizer.learning_rate")
                : new LearningRateSpec.Constant(kind.learningRate);
        Double weightDecay = entries.containsKey("weight_decay") && YamlReader.isNull(entries.get("weight_decay")) ? Double.valueOf(0)
                : in.number(entries, "optimizer", "weight_decay", kind.weightDecay,
                        v -> Require.nonNegativeFinite("weight_decay", v));
        Map<String, Object> settings = new LinkedHashMap<>();
        boolean valid = rate != null && weightDecay != null;
        for (Setting setting : kind.settings) {
            if (!entries.containsKey(setting.key())) {
                continue;
            }
            Node value = entries.get(setting.key());
            String path = "optimizer." + setting.key();
            Object read = setting.kind() == Setting.Kind.FLAG ? in.bool(value, path) : in.number(value, path, v -> setting.validate(v));
            valid &= read != null;
            settings.put(setting.key(), read);
        }
        return valid ? in.attempt("optimizer", () -> new OptimizerSpec(name, rate, weightDecay, settings)) : null;
    }

    /** "is a setting of sgd, not of adam" for a key another optimizer takes; null for a key none takes. */
    private static String ownerOtherThan(String key, String name) {
        List<String> owners = java.util.Arrays.stream(OptimizerKind.values()).filter(kind -> kind.settings.stream().anyMatch(s -> s.key().equals(key)))
                .map(kind -> kind.yamlName).toList();
        return owners.isEmpty() ? null : "is a setting of " + String.join(" and ", owners) + ", not of " + name;
    }

    private static String keys(OptimizerKind kind) {
        return String.join(", ", kind.settings.stream().map(Setting::key).toList());
    }
}
