package trainyard.config;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** What the per-epoch val_loss and val_accuracy are measured on. */
public sealed interface ValidationSpec {
    /** The dataset's test set, as the relu_adam tutorial did with validation_data. */
    record TestSet() implements ValidationSpec {
    }

    /** No validation: the epoch line shows training figures only. */
    record NoValidation() implements ValidationSpec {
    }

    /** Keras's validation_split: the LAST fraction of the training set, taken before shuffling. */
    record Split(double fraction) implements ValidationSpec {
        public Split {
            Require.inRange("split", fraction, 0, false, 1, false);
        }
    }

    /** test, none, or {split: F}. */
    default Object canonical() {
        return switch (this) {
            case TestSet test -> "test";
            case NoValidation none -> "none";
            case Split split -> Map.of("split", split.fraction());
        };
    }

    static ValidationSpec read(YamlReader in, Node node) {
        String expected = "test, none, or {split: FRACTION} with 0 < FRACTION < 1";
        if (node instanceof ScalarNode) {
            if (YamlReader.isNull(node)) {
                return new NoValidation();
            }
            String name = in.choiceName(node, "training.validation", List.of("test", "none"));
            if (name == null) {
                return null;
            }
            return name.equals("test") ? new TestSet() : new NoValidation();
        }
        Map<String, Node> entries = in.mapping(node, "training.validation", expected, List.of("split"));
        if (entries == null) {
            return null;
        }
        if (!entries.containsKey("split")) {
            in.problem(node, "training.validation: expected " + expected);
            return null;
        }
        Double fraction = in.number(entries, "training.validation", "split", 0.0, v -> Require.inRange("split", v, 0, false, 1, false));
        return fraction == null ? null : new Split(fraction);
    }
}
