package trainyard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * sweep.grid: dotted key paths, each with the list of values to try; the trials are the
 * cartesian product, in file order (the last axis varies fastest).
 */
record GridSection(List<SweepAxis> axes) {
    static final GridSection EMPTY = new GridSection(List.of());

    GridSection {
        axes = List.copyOf(axes);
    }

    static GridSection read(YamlReader in, Node node) {
        Map<String, Node> entries = in.mapping(node, "sweep.grid", "{key.path: [values to try], ...}", null);
        if (entries == null) {
            return EMPTY;
        }
        List<SweepAxis> axes = new ArrayList<>();
        for (NodeTuple tuple : ((org.yaml.snakeyaml.nodes.MappingNode) node).getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && entries.get(key.getValue()) == tuple.getValueNode()) {
                if (!(tuple.getValueNode() instanceof SequenceNode list) || list.getValue().isEmpty()) {
                    in.problem(tuple.getValueNode(), "sweep.grid." + key.getValue() + ": expected a non-empty list of values to try");
                    continue;
                }
                axes.add(new SweepAxis(key.getValue(), list.getValue(), key.getStartMark()));
            }
        }
        return new GridSection(axes);
    }

    /** With this axis in place of the one of the same key, or added: the command line's sweeps win. */
    GridSection with(SweepAxis axis) {
        List<SweepAxis> replaced = new ArrayList<>(axes);
        replaced.removeIf(existing -> existing.path().equals(axis.path()));
        replaced.add(axis);
        return new GridSection(replaced);
    }

    /** How many grid points there are; -1 past a long (16 axes of 16 values make 2^64, which a long wraps to 0). */
    long points() {
        long points = 1;
        for (SweepAxis axis : axes) {
            try {
                points = Math.multiplyExact(points, axis.values().size());
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return points;
    }

    /** Grid point {@code index}: each axis with its one value. */
    List<SweepAxis> point(long index) {
        List<SweepAxis> chosen = new ArrayList<>();
        long rest = index;
        for (int a = axes.size() - 1; a >= 0; a--) {
            SweepAxis axis = axes.get(a);
            chosen.add(0, axis.only((int) (rest % axis.values().size())));
            rest /= axis.values().size();
        }
        return chosen;
    }

    /** As sweep.json writes it: key path to its plain values. */
    Map<String, List<Object>> canonical() {
        Map<String, List<Object>> plain = new LinkedHashMap<>();
        axes.forEach(axis -> plain.put(axis.path(), axis.plainValues()));
        return plain;
    }
}
