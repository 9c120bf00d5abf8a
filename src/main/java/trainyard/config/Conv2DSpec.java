package trainyard.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * keras.layers.Conv2D (keras/src/layers/convolutional/conv2d.py, base_conv.py), channels
 * last, by Keras's names and defaults:
 * <ul>
 * <li>{@code conv2d}: the number of filters (output channels).</li>
 * <li>{@code kernel_size}: the window, N or [height, width]; required, as in Keras.</li>
 * <li>{@code strides}: default 1.</li>
 * <li>{@code padding}: valid (default) or same ({@link Padding}).</li>
 * <li>{@code activation}: default linear (Keras's None).</li>
 * <li>{@code use_bias}: default true.</li>
 * <li>{@code l2}, {@code max_norm}: the kernel's regulariser and constraint ({@link KernelOptions}).</li>
 * </ul>
 * Deliberately not here: dilation, groups, channels-first data.
 */
public record Conv2DSpec(int filters, Window kernelSize, Window strides, Padding padding, Activation activation, boolean useBias,
                         KernelOptions kernel) implements LayerSpec {
    /** Far above any convnet that trains on two cores. */
    public static final int MAX_FILTERS = 1 << 16;

    static final LayerTypes.Type TYPE = new LayerTypes.Type("conv2d",
            "{conv2d: FILTERS, kernel_size: N, strides: N, padding: valid|same, activation: NAME, use_bias: true|false, l2: FACTOR, max_norm: NORM}",
            List.of("conv2d", "kernel_size", "strides", "padding", "activation", "use_bias", "l2", "max_norm"), false, Conv2DSpec::read);

    public Conv2DSpec {
        Require.between("conv2d", filters, 1, MAX_FILTERS);
        Require.present("kernel_size", kernelSize);
        Require.present("strides", strides);
        Require.present("padding", padding);
        Require.present("activation", activation);
        Require.present("kernel", kernel);
    }

    /** filters of kernelSize x kernelSize, stride 1, valid padding, with a bias and no regulariser. */
    public Conv2DSpec(int filters, int kernelSize, Activation activation) {
        this(filters, Window.square(kernelSize), Window.square(1), Padding.VALID, activation, true, new KernelOptions(0, null));
    }

    @Override
    public String type() {
        return TYPE.key();
    }

    @Override
    public Map<String, Object> canonical() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("conv2d", filters);
        map.put("kernel_size", kernelSize.canonical());
        if (!strides.equals(Window.square(1))) {
            map.put("strides", strides.canonical());
        }
        if (padding != Padding.VALID) {
            map.put("padding", padding.yamlName());
        }
        map.put("activation", activation.yamlName());
        if (!useBias) {
            map.put("use_bias", false);
        }
        kernel.putInto(map);
        return map;
    }

    private static Conv2DSpec read(YamlReader in, Node node, Map<String, Node> entries, String path) {
        Integer filters = in.integer(entries, path, "conv2d", 1, v -> Require.between("conv2d", v, 1, MAX_FILTERS));
        if (!in.required(entries, "kernel_size", node, "kernel_size: N (a window of N x N) or [height, width]")) {
            return null;
        }
        Window kernelSize = Window.read(in, entries.get("kernel_size"), path + ".kernel_size");
        Window strides = entries.containsKey("strides") ? Window.read(in, entries.get("strides"), path + ".strides") : Window.square(1);
        Padding padding = entries.containsKey("padding")
                ? in.choice(entries.get("padding"), path + ".padding", Padding.values(), Padding::yamlName) : Padding.VALID;
        Activation activation = Activation.read(in, entries, path);
        Boolean useBias = in.bool(entries, path, "use_bias", true);
        KernelOptions kernel = KernelOptions.read(in, entries, path);
        if (filters == null || kernelSize == null || strides == null || padding == null || activation == null || useBias == null || kernel == null) {
            return null;
        }
        return in.attempt(path, () -> new Conv2DSpec(filters, kernelSize, strides, padding, activation, useBias, kernel));
    }
}
