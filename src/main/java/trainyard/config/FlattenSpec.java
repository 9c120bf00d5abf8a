package trainyard.config;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * keras.layers.Flatten (keras/src/layers/reshaping/flatten.py): an image (height, width,
 * channels) becomes one row of height·width·channels values in that order. As in Keras,
 * flatten on an input that is already flat (or twice) is allowed and changes nothing.
 */
public record FlattenSpec() implements LayerSpec {
    static final LayerTypes.Type TYPE = new LayerTypes.Type("flatten", "flatten", List.of("flatten"), true,
            (in, node, entries, path) -> {
                Node value = entries.get("flatten");
                if (value != null && !YamlReader.isNull(value)) {
                    in.problem(value, path + ".flatten: takes no settings; write the bare word '- flatten'");
                    return null;
                }
                return new FlattenSpec();
            });

    @Override
    public String type() {
        return TYPE.key();
    }

    @Override
    public Object canonical() {
        return type();
    }
}
