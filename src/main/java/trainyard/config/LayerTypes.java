package trainyard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The layer types a file may name, one line each: a new layer type is its spec file, a
 * line here and its model file. An entry of {@code model.layers} is a mapping led by
 * its type's key ({@code {conv2d: 32, kernel_size: 3}}) or, for a type whose options all
 * have defaults, the bare name ({@code flatten}).
 */
public final class LayerTypes {
    /** Reads the entries of one layer (already checked against {@link Type#keys}; empty for the bare form). */
    @FunctionalInterface
    interface Reader {
        LayerSpec read(YamlReader in, Node node, Map<String, Node> entries, String path);
    }

    /**
     * @param key   the type's name in a file
     * @param form  the entry as a reader should write it, for messages
     * @param keys  the keys an entry of this type may have, its own first
     * @param bare  whether the bare name alone is a whole entry (every option has a default)
     */
    record Type(String key, String form, List<String> keys, boolean bare, Reader reader) {
    }

    /**
     * In the order a mapping's type is looked for: dropout last, since {@code dropout} is
     * also Dense's option ({dense: 128, dropout: 0.2} is a Dense layer with dropout after it).
     */
    static final List<Type> ALL = List.of(DenseSpec.TYPE, Conv2DSpec.TYPE, MaxPooling2DSpec.TYPE, AveragePooling2DSpec.TYPE,
            FlattenSpec.TYPE, BatchNormalizationSpec.TYPE, DropoutSpec.TYPE);

    private LayerTypes() {
    }

    static List<String> names() {
        return ALL.stream().map(Type::key).toList();
    }

    /** One entry of model.layers, or null with its problems reported. */
    static LayerSpec read(YamlReader in, Node node, String path) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            in.record(path, node);
            Type type = byName(scalar.getValue());
            if (type == null) {
                in.problem(node, path + ": unknown layer type '" + scalar.getValue() + "'" + Suggestions.didYouMean(scalar.getValue(), names())
                        + "; expected one of " + String.join(", ", names()));
                return null;
            }
            if (!type.bare()) {
                in.problem(node, path + ": " + type.key() + " needs its settings: " + type.form());
                return null;
            }
            return type.reader().read(in, node, Map.of(), path);
        }
        if (!(node instanceof MappingNode mapping)) {
            in.problem(node, path + ": expected a layer, one of " + String.join(", ", names()) + " (" + DenseSpec.TYPE.form() + ", say), found "
                    + YamlReader.describe(node));
            return null;
        }
        Type type = typeOf(mapping);
        if (type == null) {
            List<String> keys = keysOf(mapping);
            String first = keys.isEmpty() ? "" : keys.get(0);
            in.problem(node, path + ": expected a layer type as a key, one of " + String.join(", ", names())
                    + (keys.isEmpty() ? ", found an empty mapping" : ", found " + String.join(", ", keys) + Suggestions.didYouMean(first, names())));
            return null;
        }
        Map<String, Node> entries = in.mapping(node, path, type.form(), type.keys());
        if (entries == null) {
            return null;
        }
        return type.reader().read(in, node, entries, path);
    }

    private static Type byName(String name) {
        return ALL.stream().filter(type -> type.key().equals(name)).findFirst().orElse(null);
    }

    /** The first type, in {@link #ALL}'s order, whose key the mapping has. */
    private static Type typeOf(MappingNode mapping) {
        List<String> keys = keysOf(mapping);
        return ALL.stream().filter(type -> keys.contains(type.key())).findFirst().orElse(null);
    }

    private static List<String> keysOf(MappingNode mapping) {
        List<String> keys = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                keys.add(key.getValue());
            }
        }
        return keys;
    }
}
