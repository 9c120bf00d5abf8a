package trainyard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML node trees, the form in which experiments are checked: composed safely (no class
 * is ever instantiated), copied, and changed at a dotted path such as
 * `model.layers[0].activation`, which is how sweeps and command-line overrides make
 * trials. A value put in keeps the mark of where it was written (the sweep key's line,
 * or a command-line argument), so the loader's faults point there.
 */
final class YamlTrees {
    /** Marks with this name stand for a command-line argument; the column is its number. */
    static final String COMMAND_LINE = "command line";
    private static final Pattern STEP = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]");

    private YamlTrees() {
    }

    static Yaml safeYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(ExperimentLoader.MAX_ALIASES);
        options.setNestingDepthLimit(ExperimentLoader.MAX_NESTING_DEPTH);
        options.setCodePointLimit(ExperimentLoader.MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return new Yaml(new SafeConstructor(options));
    }

    /** A deep copy, marks kept. */
    static Node copy(Node node) {
        if (node instanceof MappingNode mapping) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                tuples.add(new NodeTuple(copy(tuple.getKeyNode()), copy(tuple.getValueNode())));
            }
            return new MappingNode(mapping.getTag(), true, tuples, mapping.getStartMark(), mapping.getEndMark(), mapping.getFlowStyle());
        }
        if (node instanceof SequenceNode sequence) {
            List<Node> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(copy(item));
            }
            return new SequenceNode(sequence.getTag(), true, items, sequence.getStartMark(), sequence.getEndMark(), sequence.getFlowStyle());
        }
        ScalarNode scalar = (ScalarNode) node;
        return new ScalarNode(scalar.getTag(), scalar.getValue(), scalar.getStartMark(), scalar.getEndMark(), scalar.getScalarStyle());
    }

    /** A copy of a value with every mark replaced by {@code mark}. */
    static Node relocated(Node node, Mark mark) {
        if (node instanceof MappingNode mapping) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                tuples.add(new NodeTuple(relocated(tuple.getKeyNode(), mark), relocated(tuple.getValueNode(), mark)));
            }
            return new MappingNode(mapping.getTag(), true, tuples, mark, mark, mapping.getFlowStyle());
        }
        if (node instanceof SequenceNode sequence) {
            List<Node> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(relocated(item, mark));
            }
            return new SequenceNode(sequence.getTag(), true, items, mark, mark, sequence.getFlowStyle());
        }
        ScalarNode scalar = (ScalarNode) node;
        return new ScalarNode(scalar.getTag(), scalar.getValue(), mark, mark, scalar.getScalarStyle());
    }

    static ScalarNode scalar(String text, Mark mark) {
        return new ScalarNode(Tag.STR, text, mark, mark, DumperOptions.ScalarStyle.PLAIN);
    }

    /** A list index as written; one past any int (no list has that many items) as Integer.MAX_VALUE. */
    private static Integer listIndex(String digits) {
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException tooLarge) {
            return Integer.MAX_VALUE;
        }
    }

    /** The steps of a dotted path, or null when it is not one. */
    static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        int at = 0;
        while (at < path.length()) {
            Matcher matcher = STEP.matcher(path);
            if (!matcher.find(at) || matcher.start() != at) {
                return null;
            }
            steps.add(matcher.group(1) != null ? matcher.group(1) : listIndex(matcher.group(2)));
            at = matcher.end();
            if (at < path.length() && path.charAt(at) == '.') {
                at++;
                if (at == path.length()) {
                    return null;
                }
            }
        }
        return steps.isEmpty() || !(steps.get(0) instanceof String) ? null : steps;
    }

    /**
     * Puts value at path in the tree (changing the tree), creating missing mappings on the
     * way; a scalar `optimizer: adam` becomes `{name: adam}` when a key below it is set.
     * Returns null, or what is wrong with the path.
     */
    static String set(Node root, String path, Node value, Mark mark) {
        List<Object> steps = steps(path);
        if (steps == null) {
            return "'" + path + "' is not a key path; write keys joined by dots, list items as [N], e.g. model.layers[0].dense";
        }
        Node current = root;
        String walked = "";
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            if (step instanceof String key) {
                if (!(current instanceof MappingNode mapping)) {
                    return "'" + path + "': " + (walked.isEmpty() ? "the experiment" : walked) + " is not a mapping, so it has no key '" + key + "'";
                }
                Node next = keyStep(mapping, key, last ? null : steps.get(i + 1), value, mark);
                current = next;
                walked = walked.isEmpty() ? key : walked + "." + key;
            } else {
                int index = (Integer) step;
                if (!(current instanceof SequenceNode sequence)) {
                    return "'" + path + "': " + walked + " is not a list, so it has no item [" + index + "]";
                }
                if (index >= sequence.getValue().size()) {
                    return "'" + path + "': " + walked + " has " + sequence.getValue().size() + " item"
                            + (sequence.getValue().size() == 1 ? "" : "s") + ", so there is no [" + index + "]";
                }
                if (last) {
                    sequence.getValue().set(index, value);
                }
                current = sequence.getValue().get(index);
                walked = walked + "[" + index + "]";
            }
        }
        return null;
    }

    /**
     * One key of a path into a mapping: the value itself at the path's end, else the key's
     * mapping, made when missing (and put in place).
     *
     * @param nextStep the path's step after this key, or null at its end
     */
    private static Node keyStep(MappingNode mapping, String key, Object nextStep, Node value, Mark mark) {
        NodeTuple found = null;
        int index = -1;
        for (int t = 0; t < mapping.getValue().size(); t++) {
            NodeTuple tuple = mapping.getValue().get(t);
            if (tuple.getKeyNode() instanceof ScalarNode scalarKey && scalarKey.getValue().equals(key)) {
                found = tuple;
                index = t;
            }
        }
        Node next;
        if (nextStep == null) {
            next = value;
        } else if (found == null) {
            next = new MappingNode(Tag.MAP, true, new ArrayList<>(), mark, mark, DumperOptions.FlowStyle.FLOW);
        } else if (found.getValueNode() instanceof ScalarNode shorthand && nextStep instanceof String) {
            // `optimizer: adam` with optimizer.learning_rate set: the long form {name: adam}. Any other
            // scalar is replaced by the mapping the override starts: `validation: test` with
            // training.validation.split=0.5 means a split, `learning_rate: 0.01` with a schedule's key a schedule.
            List<NodeTuple> longForm = new ArrayList<>();
            if (key.equals("optimizer")) {
                longForm.add(new NodeTuple(scalar("name", shorthand.getStartMark()), shorthand));
            }
            next = new MappingNode(Tag.MAP, true, longForm, shorthand.getStartMark(), shorthand.getEndMark(), DumperOptions.FlowStyle.FLOW);
        } else {
            next = found.getValueNode();
        }
        if (found == null) {
            mapping.getValue().add(new NodeTuple(scalar(key, mark), next));
        } else if (next != found.getValueNode()) {
            mapping.getValue().set(index, new NodeTuple(found.getKeyNode(), next));
        }
        return next;
    }

    /** Removes a top-level key and returns its value, or null when absent. */
    static Node remove(Node root, String key) {
        if (root instanceof MappingNode mapping) {
            for (int t = 0; t < mapping.getValue().size(); t++) {
                NodeTuple tuple = mapping.getValue().get(t);
                if (tuple.getKeyNode() instanceof ScalarNode scalarKey && scalarKey.getValue().equals(key)) {
                    mapping.getValue().remove(t);
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    /** The key node of a top-level key, for its mark. */
    static Node keyNode(Node root, String key) {
        if (root instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalarKey && scalarKey.getValue().equals(key)) {
                    return scalarKey;
                }
            }
        }
        return null;
    }

    /** Plain Java values (String, Long, Double, Boolean, null, List, Map) of a node, for display and sweep.json. */
    static Object plain(Node node) {
        if (node instanceof MappingNode mapping) {
            java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                map.put(String.valueOf(plain(tuple.getKeyNode())), plain(tuple.getValueNode()));
            }
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> list = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                list.add(plain(item));
            }
            return list;
        }
        ScalarNode scalar = (ScalarNode) node;
        String text = scalar.getValue();
        try {
            if (scalar.getTag().equals(Tag.INT)) {
                return Long.parseLong(text.replace("_", ""));
            }
            if (scalar.getTag().equals(Tag.FLOAT)) {
                return Double.parseDouble(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return text;
        }
        if (scalar.getTag().equals(Tag.BOOL)) {
            return java.util.Set.of("true", "yes", "on", "y").contains(text.toLowerCase(java.util.Locale.ROOT));
        }
        return scalar.getTag().equals(Tag.NULL) ? null : text;
    }

    static Mark commandLineMark(int argumentNumber) {
        return new Mark(COMMAND_LINE, 0, 0, argumentNumber - 1, new int[0], 0);
    }
}
