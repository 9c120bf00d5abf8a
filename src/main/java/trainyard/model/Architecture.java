package trainyard.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import trainyard.config.AveragePooling2DSpec;
import trainyard.config.BatchNormalizationSpec;
import trainyard.config.Conv2DSpec;
import trainyard.config.DenseSpec;
import trainyard.config.DropoutSpec;
import trainyard.config.FlattenSpec;
import trainyard.config.LayerSpec;
import trainyard.config.MaxPooling2DSpec;
import trainyard.config.ModelSpec;

/**
 * The layers a model spec stands for, in order, as plans: input dropout, then each layer
 * (a Dense layer's dropout option becomes a Dropout plan after it). Each plan checks that
 * it fits the shape before it and names the shape after it, so a model that cannot work
 * is refused here, before anything is allocated. Names count per type as Keras's do
 * (dense_1, dense_2, dropout_1), so the dense layers' tensor names are those of a model
 * without dropout.
 *
 * <p>An image input (height, width) is taken as (height, width, 1), one channel. Dense
 * flattens the dataset's own input, as the MLPs have always done; after a convolution or
 * pooling it asks for an explicit flatten, since Keras's Dense would act on the channels
 * alone.
 */
public record Architecture(Shape inputShape, List<LayerPlan> layers) {
    public Architecture {
        layers = List.copyOf(layers);
    }

    /** @throws ShapeMismatch when a layer does not fit the shape it receives */
    public static Architecture of(ModelSpec model, Shape inputShape) {
        Shape input = inputShape.rank() == 2 ? new Shape(inputShape.dimensions()[0], inputShape.dimensions()[1], 1) : inputShape;
        Map<String, Integer> counts = new HashMap<>();
        List<LayerPlan> plans = new ArrayList<>();
        Shape shape = input;
        if (model.inputDropout() > 0) {
            plans.add(new Dropout.Plan(next(counts, "dropout"), shape, model.inputDropout()));
        }
        boolean fromDataset = true; // whether shape is still the dataset's own input
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec spec = model.layers().get(i);
            String key = "layers[" + i + "]";
            LayerPlan plan = switch (spec) {
                case DenseSpec dense -> Dense.plan(next(counts, "dense"), shape, fromDataset, dense, key);
                case Conv2DSpec conv -> Conv2D.plan(next(counts, "conv2d"), shape, conv, key);
                case MaxPooling2DSpec pooling -> MaxPooling2D.plan(next(counts, "max_pooling2d"), shape, pooling, key);
                case AveragePooling2DSpec pooling -> AveragePooling2D.plan(next(counts, "average_pooling2d"), shape, pooling, key);
                case FlattenSpec flatten -> new Flatten.Plan(next(counts, "flatten"), shape);
                case BatchNormalizationSpec normalization -> BatchNormalization.plan(next(counts, "batch_normalization"), shape, normalization);
                case DropoutSpec dropout -> new Dropout.Plan(next(counts, "dropout"), shape, dropout.rate());
                default -> throw new IllegalArgumentException("no model layer for the layer type " + spec.type());
            };
            plans.add(plan);
            shape = plan.outputShape();
            fromDataset &= plan instanceof Dropout.Plan;
            if (spec instanceof DenseSpec dense && dense.dropout() > 0) {
                plans.add(new Dropout.Plan(next(counts, "dropout"), shape, dense.dropout()));
            }
        }
        return new Architecture(input, plans);
    }

    private static int next(Map<String, Integer> counts, String type) {
        return counts.merge(type, 1, Integer::sum);
    }

    public Shape outputShape() {
        return layers.get(layers.size() - 1).outputShape();
    }

    /** Every saved value, non-trainable statistics included (Keras's "Total params"). */
    public long parameterCount() {
        long count = 0;
        for (LayerPlan layer : layers) {
            count += layer.parameterCount();
        }
        return count;
    }

    public long nonTrainableCount() {
        long count = 0;
        for (LayerPlan layer : layers) {
            count += layer.nonTrainableCount();
        }
        return count;
    }

    /** Every tensor the layers save, in order: what a model file and a checkpoint hold. */
    public List<TensorShape> tensors() {
        List<TensorShape> tensors = new ArrayList<>();
        for (LayerPlan layer : layers) {
            tensors.addAll(layer.tensors());
        }
        return tensors;
    }
}
