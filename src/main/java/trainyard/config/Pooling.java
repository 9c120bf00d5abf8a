package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The window of a pooling layer, as Keras's pooling layers share it
 * (keras/src/layers/pooling/base_pooling.py): pool_size (default 2x2), strides (default
 * the pool size, so windows tile the input) and padding (default valid).
 */
public record Pooling(Window poolSize, Window strides, Padding padding) {
    public Pooling {
        Require.present("pool_size", poolSize);
        Require.present("strides", strides);
        Require.present("padding", padding);
    }

    public static Pooling of(int size) {
        return new Pooling(Window.square(size), Window.square(size), Padding.VALID);
    }

    static String form(String type) {
        return "{" + type + ": N or [height, width], strides: N, padding: valid|same}";
    }

    static List<String> keys(String type) {
        return List.of(type, "strides", "padding");
    }

    /** {type: pool size}, with strides and padding only where they differ from their defaults. */
    Map<String, Object> canonical(String type) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(type, poolSize.canonical());
        if (!strides.equals(poolSize)) {
            map.put("strides", strides.canonical());
        }
        if (padding != Padding.VALID) {
            map.put("padding", padding.yamlName());
        }
        return map;
    }

    /** The entry's window; a null or absent pool size is Keras's 2x2. */
    static Pooling read(YamlReader in, Node node, Map<String, Node> entries, String path, String type) {
        Node sizeNode = entries.get(type);
        Window poolSize = sizeNode == null || YamlReader.isNull(sizeNode) ? Window.square(2) : Window.read(in, sizeNode, path + "." + type);
        Window strides = entries.containsKey("strides") ? Window.read(in, entries.get("strides"), path + ".strides") : poolSize;
        Padding padding = entries.containsKey("padding")
                ? in.choice(entries.get("padding"), path + ".padding", Padding.values(), Padding::yamlName) : Padding.VALID;
        return poolSize == null || strides == null || padding == null ? null : new Pooling(poolSize, strides, padding);
    }
}
