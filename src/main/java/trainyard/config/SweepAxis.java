package trainyard.config;

import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One key a sweep varies: its dotted path and the values to put there, as YAML nodes that
 * keep where they were written (their place in the sweep's list, the sweep key, or the
 * command-line argument), so that a bad trial is reported there.
 */
record SweepAxis(String path, List<Node> values, Mark keyMark) {
    SweepAxis {
        values = List.copyOf(values);
    }

    /** The axis with one of its values: a trial's choice. */
    SweepAxis only(int index) {
        return new SweepAxis(path, List.of(values.get(index)), keyMark);
    }

    /** The values as plain Java values, for sweep.json and people. */
    List<Object> plainValues() {
        return values.stream().map(YamlTrees::plain).toList();
    }
}
