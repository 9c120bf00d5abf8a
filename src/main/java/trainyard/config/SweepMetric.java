package trainyard.config;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The figure a sweep part goes by (halving ranks a rung by it, TPE learns from it), as written
 * under its `metric` key, and its default: val_accuracy when every trial validates, else
 * accuracy. One reader and one rule for both, so they say the same things the same way.
 */
final class SweepMetric {
    private SweepMetric() {
    }

    /** The metric written at {@code node} (under {@code key}, e.g. sweep.tpe.metric); null when absent or not one (reported). */
    static String read(YamlReader in, Node node, String key) {
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar && SweepSpec.Halving.METRICS.contains(scalar.getValue())) {
            return scalar.getValue();
        }
        in.problem(node, key + ": expected one of " + String.join(", ", SweepSpec.Halving.METRICS) + ", found " + YamlReader.describe(node)
                + (node instanceof ScalarNode scalar ? Suggestions.didYouMean(scalar.getValue(), SweepSpec.Halving.METRICS) : ""));
        return null;
    }

    /**
     * The metric the trials get: the written one, else the default; a validation figure needs
     * validation in every trial (reported at {@code where}).
     *
     * @param instead what to go by without validation, as the message says it ("rank by accuracy or loss")
     */
    static String chosen(YamlReader in, String written, Node where, String key, List<Trial> trials, String instead) {
        boolean allValidate = trials.stream().allMatch(t -> !(t.spec().training().validation() instanceof ValidationSpec.NoValidation));
        String chosen = written != null ? written : allValidate ? "val_accuracy" : "accuracy";
        if (chosen.startsWith("val_") && !allValidate) {
            in.problem(where, key + ": " + chosen + " needs validation in every trial; set training.validation (e.g. {split: 0.1}) or " + instead);
        }
        return chosen;
    }
}
