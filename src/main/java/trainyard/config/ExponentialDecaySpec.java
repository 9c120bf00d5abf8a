package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * keras.optimizers.schedules.ExponentialDecay (keras/optimizers/schedules/learning_rate_schedule.py):
 * rate(step) = initial_learning_rate · decay_rate^(step / decay_steps), the exponent
 * floored with staircase. Keras's defaults: staircase false; the other three have none.
 */
public record ExponentialDecaySpec(double initialLearningRate, long decaySteps, double decayRate, boolean staircase)
        implements LearningRateSpec {
    static final String NAME = "exponential_decay";
    private static final List<String> KEYS = List.of("initial_learning_rate", "decay_steps", "decay_rate", "staircase");

    public ExponentialDecaySpec {
        Require.positiveFinite("initial_learning_rate", initialLearningRate);
        Require.atLeast("decay_steps", decaySteps, 1);
        Require.positiveFinite("decay_rate", decayRate);
    }

    @Override
    public double at(long step) {
        double exponent = (double) step / decaySteps;
        return initialLearningRate * Math.pow(decayRate, staircase ? Math.floor(exponent) : exponent);
    }

    @Override
    public Object canonical() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("initial_learning_rate", initialLearningRate);
        map.put("decay_steps", decaySteps);
        map.put("decay_rate", decayRate);
        if (staircase) {
            map.put("staircase", staircase);
        }
        return LearningRateSpec.named(NAME, map);
    }

    static ExponentialDecaySpec read(YamlReader in, Node node, String path) {
        Map<String, Node> entries = in.mapping(node, path, "{initial_learning_rate: RATE, decay_steps: STEPS, decay_rate: RATE, staircase: false}", KEYS);
        if (entries == null) {
            return null;
        }
        boolean complete = in.required(entries, "initial_learning_rate", node, "the rate at step 0")
                & in.required(entries, "decay_steps", node, "the steps per power of decay_rate")
                & in.required(entries, "decay_rate", node, "the factor per decay_steps");
        Double initial = in.number(entries, path, "initial_learning_rate", 1, v -> Require.positiveFinite("initial_learning_rate", v));
        Long steps = in.longValue(entries, path, "decay_steps", 1);
        Double rate = in.number(entries, path, "decay_rate", 1, v -> Require.positiveFinite("decay_rate", v));
        Boolean staircase = in.bool(entries, path, "staircase", false);
        if (!complete || initial == null || steps == null || rate == null || staircase == null) {
            return null;
        }
        return in.attempt(path, () -> new ExponentialDecaySpec(initial, steps, rate, staircase));
    }
}
