package trainyard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The network: optional dropout on the inputs (Keras's Dropout as the first layer;
 * default 0, none), then its layers in order, input to output, each of a type in
 * {@link LayerTypes}. The input shape comes from the dataset. The output layer is dense
 * and takes no dropout: its outputs are the predictions.
 */
public record ModelSpec(double inputDropout, List<LayerSpec> layers) {
    public ModelSpec {
        Require.dropoutRate("input_dropout", inputDropout);
        layers = List.copyOf(Require.present("layers", layers));
        if (layers.isEmpty()) {
            throw new InvalidValueException("layers", "must list at least one layer");
        }
        int last = layers.size() - 1;
        if (!(layers.get(last) instanceof DenseSpec output)) {
            throw new InvalidValueException("layers[" + last + "]", "the output layer must be dense (its outputs are the predictions, one per class"
                    + " or one number); found " + layers.get(last).type() + "; end with {dense: CLASSES, activation: softmax}");
        }
        if (output.dropout() != 0) {
            throw new InvalidValueException("layers[" + last + "].dropout",
                    "the output layer cannot have dropout (its outputs are the predictions); found " + output.dropout());
        }
    }

    public ModelSpec(List<LayerSpec> layers) {
        this(0, layers);
    }

    /** Layer i, which must be dense: for code and tests that know the model is an MLP. */
    public DenseSpec dense(int i) {
        if (!(layers.get(i) instanceof DenseSpec dense)) {
            throw new IllegalArgumentException("layer " + i + " is " + layers.get(i).type() + ", not dense");
        }
        return dense;
    }

    /** The last layer, dense by construction. */
    public DenseSpec outputLayer() {
        return (DenseSpec) layers.get(layers.size() - 1);
    }

    /** As the file writes it; input_dropout only when set (it came after run_ids existed). */
    public Map<String, Object> canonical() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (inputDropout != 0) {
            map.put("input_dropout", inputDropout);
        }
        List<Object> entries = new ArrayList<>();
        for (LayerSpec layer : layers) {
            entries.add(layer.canonical());
        }
        map.put("layers", entries);
        return map;
    }

    /**
     * A model section from its canonical form as text (JSON is YAML), read and checked as a
     * file's is: how a model file stores the network it holds.
     *
     * @throws InvalidValueException with the first problem's words when the text is not a model
     */
    public static ModelSpec fromCanonical(String text) {
        YamlReader in = new YamlReader(java.nio.file.Path.of("model"));
        ModelSpec spec = null;
        try {
            Node node = YamlTrees.safeYaml().compose(new java.io.StringReader(text));
            spec = node == null ? null : read(in, node);
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new InvalidValueException("model", "is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (spec == null) {
            String problem = in.problems().isEmpty() ? "is empty" : in.problems().get(0).message();
            throw new InvalidValueException("model", problem);
        }
        return spec;
    }

    static ModelSpec read(YamlReader in, Node node) {
        Map<String, Node> section = in.mapping(node, "model", "{layers: [...]}", List.of("input_dropout", "layers"));
        if (section == null) {
            return null;
        }
        Double inputDropout = in.number(section, "model", "input_dropout", 0, v -> Require.dropoutRate("input_dropout", v));
        if (!section.containsKey("layers")) {
            in.problem(node, "model: expected the key 'layers', a list of layers such as {dense: UNITS, activation: NAME}");
            return null;
        }
        Node layersNode = section.get("layers");
        if (!(layersNode instanceof SequenceNode sequence)) {
            in.problem(layersNode, "model.layers: expected a list of layers such as {dense: UNITS, activation: NAME}, found " + YamlReader.describe(layersNode));
            return null;
        }
        if (sequence.getValue().isEmpty()) {
            in.problem(layersNode, "model.layers: the list is empty; a model needs at least one layer");
            return null;
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            layers.add(LayerTypes.read(in, sequence.getValue().get(i), "model.layers[" + i + "]"));
        }
        if (layers.contains(null) || inputDropout == null) {
            return null;
        }
        return in.attempt("model", () -> new ModelSpec(inputDropout, layers));
    }
}
