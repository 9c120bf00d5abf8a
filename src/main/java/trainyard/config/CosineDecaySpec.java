package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * keras.optimizers.schedules.CosineDecay (keras/optimizers/schedules/learning_rate_schedule.py):
 * without warmup, rate(step) = initial · ((1 - alpha) · ½(1 + cos(π · min(step, decay_steps) / decay_steps)) + alpha).
 * With warmup_target, the rate first rises linearly from initial_learning_rate to
 * warmup_target over warmup_steps, then decays from warmup_target as above.
 * Defaults are Keras's: alpha 0, warmup_target null (no warmup), warmup_steps 0;
 * initial_learning_rate and decay_steps have none. A warmup may start from a rate of 0.
 */
public record CosineDecaySpec(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget, long warmupSteps)
        implements LearningRateSpec {
    static final String NAME = "cosine_decay";
    private static final List<String> KEYS = List.of("initial_learning_rate", "decay_steps", "alpha", "warmup_target", "warmup_steps");

    public CosineDecaySpec {
        Require.nonNegativeFinite("initial_learning_rate", initialLearningRate);
        if (initialLearningRate == 0 && warmupTarget == null) {
            throw new InvalidValueException("initial_learning_rate", "must be > 0 without warmup_target (a warmup may start from 0)");
        }
        Require.atLeast("decay_steps", decaySteps, 1);
        Require.inRange("alpha", alpha, 0, true, 1, true);
        if (warmupTarget != null) {
            Require.positiveFinite("warmup_target", warmupTarget);
        }
        Require.atLeast("warmup_steps", warmupSteps, 0);
        if (warmupTarget != null && warmupSteps == 0) {
            throw new InvalidValueException("warmup_steps", "must be at least 1 when warmup_target is given (the warmup's length in steps)");
        }
    }

    @Override
    public double at(long step) {
        if (warmupTarget == null) {
            return decayed(Math.min(step, decaySteps), initialLearningRate);
        }
        long clipped = Math.min(step, decaySteps + warmupSteps);
        if (clipped < warmupSteps) {
            return (warmupTarget - initialLearningRate) * ((double) clipped / warmupSteps) + initialLearningRate;
        }
        return decayed(clipped - warmupSteps, warmupTarget);
    }

    private double decayed(long step, double from) {
        double cosine = 0.5 * (1 + Math.cos(Math.PI * ((double) step / decaySteps)));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Object canonical() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("initial_learning_rate", initialLearningRate);
        map.put("decay_steps", decaySteps);
        if (alpha != 0) {
            map.put("alpha", alpha);
        }
        if (warmupTarget != null) {
            map.put("warmup_target", warmupTarget);
        }
        if (warmupSteps != 0) {
            map.put("warmup_steps", warmupSteps);
        }
        return LearningRateSpec.named(NAME, map);
    }

    static CosineDecaySpec read(YamlReader in, Node node, String path) {
        Map<String, Node> entries = in.mapping(node, path, "{initial_learning_rate: RATE, decay_steps: STEPS, alpha: 0.0, warmup_target: null, warmup_steps: 0}", KEYS);
        if (entries == null) {
            return null;
        }
        boolean complete = in.required(entries, "initial_learning_rate", node, "the rate at step 0")
                & in.required(entries, "decay_steps", node, "the steps over which the rate decays");
        Double initial = in.number(entries, path, "initial_learning_rate", 1,
                v -> Require.nonNegativeFinite("initial_learning_rate", v));
        Long steps = in.longValue(entries, path, "decay_steps", 1);
        Double alpha = in.number(entries, path, "alpha", 0, v -> Require.inRange("alpha", v, 0, true, 1, true));
        Double target = entries.containsKey("warmup_target") && !YamlReader.isNull(entries.get("warmup_target"))
                ? in.number(entries.get("warmup_target"), path + ".warmup_target", v -> Require.positiveFinite("warmup_target", v)) : null;
        Long warmupSteps = in.longValue(entries, path, "warmup_steps", 0);
        if (!complete || initial == null || steps == null || alpha == null || warmupSteps == null
                || (target == null && entries.containsKey("warmup_target") && !YamlReader.isNull(entries.get("warmup_target")))) {
            return null;
        }
        return in.attempt(path, () -> new CosineDecaySpec(initial, steps, alpha, target, warmupSteps));
    }
}
