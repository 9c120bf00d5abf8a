package trainyard.model;

import java.util.ArrayList;
import java.util.List;
import trainyard.config.LayerSpec;
import trainyard.config.ModelSpec;

/**
 * The layers a model spec stands for, in order, as plans: input dropout, then each dense
 * layer followed by its dropout. Names count per type as Keras's do (dense_1, dense_2,
 * dropout_1), so the dense layers' tensor names are those of a model without dropout.
 */
public record Architecture(Shape inputShape, List<LayerPlan> layers) {
    public Architecture {
        layers = List.copyOf(layers);
    }

    public static Architecture of(ModelSpec model, Shape inputShape) {
        List<LayerPlan> plans = new ArrayList<>();
        int denseLayers = 0;
        int dropoutLayers = 0;
        Shape shape = inputShape;
        if (model.inputDropout() > 0) {
            plans.add(new Dropout.Plan(++dropoutLayers, shape, model.inputDropout()));
        }
        for (LayerSpec layer : model.layers()) {
            LayerPlan dense = new Dense.Plan(++denseLayers, shape, layer.units(), layer.activation(), layer.l2(), layer.maxNorm());
            plans.add(dense);
            shape = dense.outputShape();
            if (layer.dropout() > 0) {
                plans.add(new Dropout.Plan(++dropoutLayers, shape, layer.dropout()));
            }
        }
        return new Architecture(inputShape, plans);
    }

    public Shape outputShape() {
        return layers.get(layers.size() - 1).outputShape();
    }

    public long parameterCount() {
        long count = 0;
        for (LayerPlan layer : layers) {
            count += layer.parameterCount();
        }
        return count;
    }
}
