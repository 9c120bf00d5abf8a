package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * keras.layers.Dropout (keras/src/layers/regularization/dropout.py) as a layer of its own:
 * {@code - dropout: 0.5}, the rate in [0, 1). Dense's {@code dropout} option is the same
 * layer written after it.
 */
public record DropoutSpec(double rate) implements LayerSpec {
    static final LayerTypes.Type TYPE = new LayerTypes.Type("dropout", "{dropout: RATE}", List.of("dropout"), false,
            (in, node, entries, path) -> {
                Double rate = in.number(entries.get("dropout"), path + ".dropout", v -> Require.dropoutRate("dropout", v));
                return rate == null ? null : new DropoutSpec(rate);
            });

    public DropoutSpec {
        Require.dropoutRate("dropout", rate);
    }

    @Override
    public String type() {
        return TYPE.key();
    }

    @Override
    public Map<String, Object> canonical() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("dropout", rate);
        return map;
    }
}
