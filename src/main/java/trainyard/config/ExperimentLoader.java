package trainyard.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import trainyard.files.BoundedFiles;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads an experiment file into an {@link ExperimentSpec}, or reports every fault it can
 * find as `FILE:LINE:COLUMN: message`.
 *
 * <p>Safe by construction: the YAML is only composed into a node tree (SnakeYAML never
 * instantiates a class), any tag beyond the plain YAML types is refused, aliases and
 * nesting depth are capped, and duplicate keys are faults. Values are then read by hand
 * so each one keeps its line and column.
 */
public final class ExperimentLoader {
    /** An experiment is a page of text; these caps stop alias bombs and runaway nesting. */
    static final int MAX_ALIASES = 20;
    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_CODE_POINTS = 1 << 20;
    /** An experiment file is a page of YAML; anything far larger is a mistake (or /dev/zero). */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** SnakeYAML's scanner slows down on very long lines (a 3 MB comment line took 4.5 s and 416 MB). */
    static final int MAX_LINE_CHARACTERS = 10_000;

    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);
    static final List<String> TOP_KEYS = List.of("name", "description", "run_name", "dataset", "model", "loss", "optimizer", "training", "sweep");

    private final Path file;
    private final YamlReader in;

    private ExperimentLoader(Path file) {
        this.file = file;
        this.in = new YamlReader(file);
    }

    /** Loads a file; the default name is the file name without its .yaml/.yml ending. */
    public static LoadedExperiment load(Path file) throws ConfigException {
        return parse(readText(file), file);
    }

    /**
     * An experiment file's text, or the fault in reading it as a problem at its start:
     * at most {@link #MAX_FILE_BYTES}, UTF-8, and no line longer than
     * {@link #MAX_LINE_CHARACTERS}, all checked before the YAML parser sees it.
     */
    static String readText(Path file) throws ConfigException {
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, MAX_FILE_BYTES);
        } catch (BoundedFiles.TooLargeException e) {
            throw new ConfigException(new ConfigProblem(file, SourcePosition.START,
                    "the file is larger than 1 MiB; an experiment file is a page of YAML"));
        } catch (IOException e) {
            String reason = BoundedFiles.reason(e);
            throw new ConfigException(new ConfigProblem(file, SourcePosition.START,
                    reason.equals("no such file") ? reason : "cannot be read: " + reason));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(new ConfigProblem(file, SourcePosition.START, "is not UTF-8 text; an experiment file is YAML"));
        }
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - lineStart > MAX_LINE_CHARACTERS) {
                    throw new ConfigException(new ConfigProblem(file, new SourcePosition(line, 1),
                            "line " + line + " has " + (i - lineStart) + " characters; at most " + MAX_LINE_CHARACTERS + " are allowed"));
                }
                line++;
                lineStart = i + 1;
            }
        }
        return text;
    }

    /** Parses YAML text as if it came from {@code file}. */
    public static LoadedExperiment parse(String text, Path file) throws ConfigException {
        return new ExperimentLoader(file).read(text);
    }

    /** The name an experiment gets when its file does not give one. */
    public static String defaultName(Path file) {
        String base = file.getFileName() == null ? "experiment" : file.getFileName().toString();
        return base.replaceFirst("\\.(ya?ml|json)$", "");
    }

    private LoadedExperiment read(String text) throws ConfigException {
        return validate(composeTree(text));
    }

    /** Composes and tag-checks a file's text; the tree is what sweeps and overrides change. */
    static Node compose(String text, Path file) throws ConfigException {
        return new ExperimentLoader(file).composeTree(text);
    }

    /** Checks a tree (a file's, or a trial's made from it) and builds its spec. */
    static LoadedExperiment fromTree(Node root, Path file) throws ConfigException {
        return new ExperimentLoader(file).validate(root);
    }

    private Node composeTree(String text) throws ConfigException {
        Node root = compose(text);
        if (root != null) {
            checkTags(root);
        }
        if (in.hasProblems()) {
            throw new ConfigException(in.problems());
        }
        if (root == null) {
            throw new ConfigException(new ConfigProblem(file, SourcePosition.START,
                    "the file is empty; expected a mapping with the keys " + String.join(", ", TOP_KEYS)));
        }
        return root;
    }

    private LoadedExperiment validate(Node root) throws ConfigException {
        ExperimentSpec spec = experiment(root);
        if (in.hasProblems() || spec == null) {
            throw new ConfigException(in.problems());
        }
        return new LoadedExperiment(spec, file, in.positions());
    }

    private Node compose(String text) {
        try {
            return YamlTrees.safeYaml().compose(new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            in.problem(ConfigProblem.at(file, mark, "invalid YAML: " + what + context + indentationHint(what)));
        } catch (YAMLException e) {
            in.problem(new ConfigProblem(file, SourcePosition.START, "invalid YAML: " + firstLine(e.getMessage())));
        }
        return null;
    }

    /**
     * SnakeYAML's words for the usual slips of indentation, which name the symptom, not the
     * cause: a key indented deeper than the keys beside it, or a list item out of line.
     */
    static String indentationHint(String problem) {
        if (problem == null) {
            return "";
        }
        if (problem.contains("mapping values are not allowed here") || problem.contains("expected <block end>")
                || problem.contains("did not find expected key") || problem.contains("did not find expected '-' indicator")) {
            return "; is a line indented more or less than the keys beside it? (keys of one section line up under each other)";
        }
        return "";
    }

    private void checkTags(Node node) {
        if (!PLAIN_TAGS.contains(node.getTag())) {
            in.problem(node, "the tag '" + node.getTag() + "' is not allowed; experiment files hold plain values, lists and mappings only");
            return;
        }
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                checkTags(tuple.getKeyNode());
                checkTags(tuple.getValueNode());
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(this::checkTags);
        }
    }

    // ---- the sections: each reads, checks and writes itself -----------------------------

    private ExperimentSpec experiment(Node root) {
        Map<String, Node> top = in.mapping(root, "", "the experiment", TOP_KEYS);
        if (top == null) {
            return null;
        }
        // `sweep` is read by ExperimentPlanner, which hands us the trials without it.
        String name = top.containsKey("name") ? in.string(top.get("name"), "name") : defaultName(file);
        if (name != null) {
            in.check(top.containsKey("name") ? top.get("name") : root, "", () -> Require.plainName("name", name));
        }
        String description = top.containsKey("description") ? in.string(top.get("description"), "description") : "";
        String runName = top.containsKey("run_name") ? in.string(top.get("run_name"), "run_name") : "";
        DatasetSpec dataset = in.required(top, "dataset", root, "mnist, or {idx: {train_images: ..., ...}}") ? DatasetSpec.read(in, top.get("dataset")) : null;
        ModelSpec model = in.required(top, "model", root, "{layers: [...]}") ? ModelSpec.read(in, top.get("model")) : null;
        LossKind loss = in.required(top, "loss", root, "categorical_crossentropy or mean_squared_error") ? LossKind.read(in, top.get("loss")) : null;
        OptimizerSpec optimizer = in.required(top, "optimizer", root, String.join(" or ", OptimizerKind.names()))
                ? OptimizerSpec.read(in, top.get("optimizer")) : null;
        TrainingSpec training = top.containsKey("training") ? TrainingSpec.read(in, top.get("training")) : TrainingSpec.defaults();
        if (in.hasProblems()) {
            return null;
        }
        return in.attempt("", () -> new ExperimentSpec(name, description, dataset, model, loss, optimizer, training, runName));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unknown fault";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
