package trainyard.config;

import java.util.List;
import java.util.Map;

/**
 * keras.layers.MaxPooling2D (keras/src/layers/pooling/max_pooling2d.py): the largest value
 * of each window, channel by channel. {@code max_pooling2d}: pool_size, N or [height,
 * width] (Keras's default 2); {@code strides}: default the pool size; {@code padding}:
 * valid (default) or same.
 */
public record MaxPooling2DSpec(Pooling pooling) implements LayerSpec {
    static final LayerTypes.Type TYPE = new LayerTypes.Type("max_pooling2d", Pooling.form("max_pooling2d"), Pooling.keys("max_pooling2d"), true,
            (in, node, entries, path) -> {
                Pooling pooling = Pooling.read(in, node, entries, path, "max_pooling2d");
                return pooling == null ? null : new MaxPooling2DSpec(pooling);
            });

    public MaxPooling2DSpec {
        Require.present("max_pooling2d", pooling);
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
