package trainyard.config;

import java.util.List;

/** The network: dense layers in order, input to output. The input size comes from the dataset. */
public record ModelSpec(List<LayerSpec> layers) {
    public ModelSpec {
        layers = List.copyOf(Require.present("layers", layers));
        if (layers.isEmpty()) {
            throw new InvalidValueException("layers", "must list at least one layer");
        }
    }

    public LayerSpec outputLayer() {
        return layers.get(layers.size() - 1);
    }

    /** Weights and biases of the whole network for a given input size. */
    public long parameterCount(int inputs) {
        long count = 0;
        int fanIn = inputs;
        for (LayerSpec layer : layers) {
            count += (long) fanIn * layer.units() + layer.units();
            fanIn = layer.units();
        }
        return count;
    }
}
