package trainyard.config;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A two-dimensional size, height by width, as Keras takes a kernel_size, pool_size or
 * strides: one whole number for both (3 is 3x3) or a list [height, width].
 */
public record Window(int height, int width) {
    /** Far beyond any image a 2-core machine trains on; stops a typo early. */
    public static final int MAX = 4096;

    public Window {
        Require.between("height", height, 1, MAX);
        Require.between("width", width, 1, MAX);
    }

    public static Window square(int size) {
        return new Window(size, size);
    }

    /** As the file writes it: one number when square, else [height, width]. */
    public Object canonical() {
        return height == width ? (Object) height : List.of(height, width);
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }

    /** Reads N or [H, W], each a whole number from 1 to {@link #MAX}; null (and a problem) otherwise. */
    static Window read(YamlReader in, Node node, String path) {
        String expected = "a whole number from 1 to " + MAX + ", or a list [height, width]";
        if (node instanceof SequenceNode list) {
            in.record(path, node);
            if (list.getValue().size() != 2) {
                in.problem(node, path + ": expected " + expected + ", found a list of " + list.getValue().size());
                return null;
            }
            Integer height = in.integer(list.getValue().get(0), path + "[0]");
            Integer width = in.integer(list.getValue().get(1), path + "[1]");
            if (height == null || width == null) {
                return null;
            }
            return within(in, node, path, height, expected) && within(in, node, path, width, expected) ? new Window(height, width) : null;
        }
        Integer size = in.integer(node, path);
        return size != null && within(in, node, path, size, expected) ? square(size) : null;
    }

    private static boolean within(YamlReader in, Node node, String path, int value, String expected) {
        if (value < 1 || value > MAX) {
            in.problem(node, path + ": expected " + expected + ", found " + value);
            return false;
        }
        return true;
    }
}
