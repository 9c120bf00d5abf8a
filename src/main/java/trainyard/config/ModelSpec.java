package trainyard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The network: optional dropout on the inputs (Keras's Dropout as the first layer;
 * default 0, none), then dense layers in order, input to output. The input shape comes
 * from the dataset. The output layer takes no dropout: its outputs are the predictions.
 */
public record ModelSpec(double inputDropout, List<LayerSpec> layers) {
    public ModelSpec {
        Require.dropoutRate("input_dropout", inputDropout);
        layers = List.copyOf(Require.present("layers", layers));
        if (layers.isEmpty()) {
            throw new InvalidValueException("layers", "must list at least one layer");
        }
        if (layers.get(layers.size() - 1).dropout() != 0) {
            throw new InvalidValueException("layers[" + (layers.size() - 1) + "].dropout",
                    "the output layer cannot have dropout (its outputs are the predictions); found " + layers.get(layers.size() - 1).dropout());
        }
    }

    public ModelSpec(List<LayerSpec> layers) {
        this(0, layers);
    }

    public LayerSpec outputLayer() {
        return layers.get(layers.size() - 1);
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

    static ModelSpec read(YamlReader in, Node node) {
        Map<String, Node> section = in.mapping(node, "model", "{layers: [...]}", List.of("input_dropout", "layers"));
        if (section == null) {
            return null;
        }
        Double inputDropout = in.number(section, "model", "input_dropout", 0, v -> Require.dropoutRate("input_dropout", v));
        if (!section.containsKey("layers")) {
            in.problem(node, "model: expected the key 'layers', a list of {dense: UNITS, activation: NAME}");
            return null;
        }
        Node layersNode = section.get("layers");
        if (!(layersNode instanceof SequenceNode sequence)) {
            in.problem(layersNode, "model.layers: expected a list of {dense: UNITS, activation: NAME}, found " + YamlReader.describe(layersNode));
            return null;
        }
        if (sequence.getValue().isEmpty()) {
            in.problem(layersNode, "model.layers: the list is empty; a model needs at least one layer");
            return null;
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            layers.add(LayerSpec.read(in, sequence.getValue().get(i), "model.layers[" + i + "]"));
        }
        if (layers.contains(null) || inputDropout == null) {
            return null;
        }
        return in.attempt("model", () -> new ModelSpec(inputDropout, layers));
    }
}
