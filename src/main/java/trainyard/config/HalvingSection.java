package trainyard.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * sweep.halving as written: successive halving, and with brackets > 1 Hyperband, over the
 * sweep's trials. What it is once the trials are known is {@link SweepSpec.Halving}; the
 * nodes are kept so that the checks that need the trials point at the key they are about.
 *
 * @param metric null for the default (val_accuracy when every trial validates, else accuracy)
 */
record HalvingSection(int minEpochs, int maxEpochs, int reductionFactor, String metric, int brackets, Node node, Node metricNode,
                      Node bracketsNode) {

    /** The section, or null when it is not usable (each fault reported). */
    static HalvingSection read(YamlReader in, Node node) {
        Map<String, Node> keys = in.mapping(node, "sweep.halving", "{min_epochs: 1, max_epochs: 27}", SweepSpec.Halving.KEYS);
        if (keys == null) {
            return null;
        }
        for (String required : List.of("min_epochs", "max_epochs")) {
            if (!keys.containsKey(required)) {
                in.problem(node, "sweep.halving: missing '" + required + "' (the " + (required.equals("min_epochs") ? "first" : "last")
                        + " rung's epochs), e.g. {min_epochs: 1, max_epochs: 27}");
            }
        }
        Integer min = keys.containsKey("min_epochs") ? in.wholeNumber(keys.get("min_epochs"), "sweep.halving.min_epochs", 1) : Integer.valueOf(1);
        Integer max = keys.containsKey("max_epochs") ? in.wholeNumber(keys.get("max_epochs"), "sweep.halving.max_epochs", 1) : min;
        if (min != null && max != null && max < min) {
            in.problem(keys.get("max_epochs"), "sweep.halving.max_epochs: expected at least min_epochs (" + min + "), found " + max);
        }
        Integer eta = keys.containsKey("reduction_factor") ? in.wholeNumber(keys.get("reduction_factor"), "sweep.halving.reduction_factor", 2)
                : Integer.valueOf(SweepSpec.Halving.DEFAULT_REDUCTION_FACTOR);
        Node metricNode = keys.get("metric");
        String metric = SweepMetric.read(in, metricNode, "sweep.halving.metric");
        Integer brackets = keys.containsKey("brackets") ? in.wholeNumber(keys.get("brackets"), "sweep.halving.brackets", 1) : Integer.valueOf(1);
        if (min == null || max == null || eta == null || brackets == null || max < min) {
            return null;
        }
        return new HalvingSection(min, max, eta, metric, brackets, node, metricNode, keys.get("brackets"));
    }

    /**
     * The halving the trials get: its metric must be measured by every trial, and Hyperband's
     * brackets need their exact number of trials (faults reported to {@code in}).
     */
    SweepSpec.Halving spec(YamlReader in, List<Trial> trials) {
        return spec(in, trials, trials.size());
    }

    /** @param count the sweep's trials, when {@code trials} holds only some (TPE's random starts) */
    SweepSpec.Halving spec(YamlReader in, List<Trial> trials, int count) {
        String chosen = SweepMetric.chosen(in, metric, metricNode, "sweep.halving.metric", trials, "rank by accuracy or loss");
        int most = HalvingSchedule.maxBracketIndex(minEpochs, maxEpochs, reductionFactor) + 1;
        if (brackets > most) {
            in.problem(bracketsNode, "sweep.halving.brackets: from " + minEpochs + " to " + maxEpochs + " epochs with reduction_factor "
                    + reductionFactor + " there are at most " + most + ", found " + brackets);
        } else if (brackets > 1) {
            int needed = HalvingSchedule.trialsNeeded(minEpochs, maxEpochs, reductionFactor, brackets);
            if (needed != count) {
                in.problem(bracketsNode, "sweep.halving.brackets: " + brackets + " Hyperband brackets from " + minEpochs + " to " + maxEpochs
                        + " epochs need " + needed + " trials; the sweep makes " + count + " (set sweep." + (count == trials.size() ? "random" : "tpe")
                        + ".trials to " + needed + ")");
            }
        }
        return new SweepSpec.Halving(minEpochs, maxEpochs, reductionFactor, chosen, brackets);
    }
}
