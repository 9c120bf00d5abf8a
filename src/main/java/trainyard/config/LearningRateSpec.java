package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * An optimizer's learning_rate: a number, or one of Keras 3's schedules
 * (keras/optimizers/schedules/learning_rate_schedule.py), written as a mapping of one key:
 * {@code {cosine_decay: {...}}}. A schedule is a function of the optimizer's step count
 * (Keras's optimizer.iterations: 0 at the first update).
 */
public sealed interface LearningRateSpec permits LearningRateSpec.Constant, CosineDecaySpec, ExponentialDecaySpec {
    /** The schedules by name: the registry a new schedule joins. */
    List<String> SCHEDULES = List.of(CosineDecaySpec.NAME, ExponentialDecaySpec.NAME);

    /** The rate of the update at this step (0-based). */
    double at(long step);

    /** What the file holds: a number for a constant, {name: {settings}} for a schedule. */
    Object canonical();

    /** A fixed rate; the only kind reduce_lr_on_plateau may change. */
    record Constant(double value) implements LearningRateSpec {
        public Constant {
            Require.positiveFinite("learning_rate", value);
        }

        @Override
        public double at(long step) {
            return value;
        }

        @Override
        public Object canonical() {
            return value;
        }
    }

    static LearningRateSpec read(YamlReader in, Node node, String path) {
        if (node instanceof ScalarNode) {
            Double value = in.number(node, path, v -> Require.positiveFinite("learning_rate", v));
            return value == null ? null : new Constant(value);
        }
        String expected = "a number, or one schedule: {cosine_decay: {...}} or {exponential_decay: {...}}";
        Map.Entry<String, Node> schedule = in.variant(node, path, expected, SCHEDULES);
        if (schedule == null) {
            return null;
        }
        String schedulePath = path + "." + schedule.getKey();
        return switch (schedule.getKey()) {
            case CosineDecaySpec.NAME -> CosineDecaySpec.read(in, schedule.getValue(), schedulePath);
            default -> ExponentialDecaySpec.read(in, schedule.getValue(), schedulePath);
        };
    }

    /** {name: settings}, the shape every schedule is written in. */
    static Map<String, Object> named(String name, Map<String, Object> settings) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(name, settings);
        return map;
    }
}
