package trainyard.train;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import trainyard.model.Architecture;
import trainyard.model.LayerPlan;

/** Keras's model.summary() table, from the layers' plans: names, output shapes, parameter counts and totals. */
public final class ModelSummary {
    private static final String RULE = "_".repeat(65);
    private static final String DOUBLE_RULE = "=".repeat(65);

    private ModelSummary() {
    }

    public static void print(Architecture architecture, String name, PrintStream out) {
        out.println("Model: \"" + name + "\"");
        out.println(RULE);
        out.println(row("Layer (type)", "Output Shape", "Param #"));
        out.println(DOUBLE_RULE);
        List<LayerPlan> layers = architecture.layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerPlan layer = layers.get(i);
            out.println(row(layer.name() + " (" + layer.type() + ")", layer.outputShape().withBatch(), Long.toString(layer.parameterCount())));
            out.println(i == layers.size() - 1 ? DOUBLE_RULE : RULE);
        }
        long total = architecture.parameterCount();
        long nonTrainable = architecture.nonTrainableCount();
        out.println(String.format(Locale.ROOT, "Total params: %,d", total));
        out.println(String.format(Locale.ROOT, "Trainable params: %,d", total - nonTrainable));
        out.println(String.format(Locale.ROOT, "Non-trainable params: %,d", nonTrainable));
        out.println(RULE);
    }

    private static String row(String layer, String shape, String parameters) {
        return String.format(Locale.ROOT, "%-29s%-26s%s", layer, shape, parameters);
    }
}
