package trainyard.config;

import java.util.Map;

/**
 * keras.layers.AveragePooling2D (keras/src/layers/pooling/average_pooling2d.py): the mean
 * of each window, channel by channel. {@code average_pooling2d}: pool_size, N or [height,
 * width] (Keras's default 2); {@code strides}: default the pool size; {@code padding}:
 * valid (default) or same.
 */
public record AveragePooling2DSpec(Pooling pooling) implements LayerSpec {
    static final LayerTypes.Type TYPE = new LayerTypes.Type("average_pooling2d", Pooling.form("average_pooling2d"),
            Pooling.keys("average_pooling2d"), true, (in, node, entries, path) -> {
                Pooling pooling = Pooling.read(in, node, entries, path, "average_pooling2d");
                return pooling == null ? null : new AveragePooling2DSpec(pooling);
            });

    public AveragePooling2DSpec {
        Require.present("average_pooling2d", pooling);
    }

    @Override
    public String type() {
        return TYPE.key();
    }

    @Override
    public Map<String, Object> canonical() {
        return pooling.canonical(type());
    }
}
