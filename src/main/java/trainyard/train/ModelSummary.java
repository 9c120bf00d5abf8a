package trainyard.train;

import java.io.PrintStream;
import java.util.Locale;
import trainyard.model.DenseLayer;
import trainyard.model.Network;

/** Keras's model.summary() table: layers, output shapes, parameter counts and totals. */
public final class ModelSummary {
    private static final String RULE = "_".repeat(65);
    private static final String DOUBLE_RULE = "=".repeat(65);

    private ModelSummary() {
    }

    public static void print(Network network, String name, PrintStream out) {
        out.println("Model: \"" + name + "\"");
        out.println(RULE);
        out.println(row("Layer (type)", "Output Shape", "Param #"));
        out.println(DOUBLE_RULE);
        int index = 1;
        for (DenseLayer layer : network.layers()) {
            long parameters = (long) layer.inputs() * layer.outputs() + layer.outputs();
            out.println(row("dense_" + index + " (Dense)", "(None, " + layer.outputs() + ")", Long.toString(parameters)));
            out.println(index == network.layers().size() ? DOUBLE_RULE : RULE);
            index++;
        }
        String total = String.format(Locale.ROOT, "%,d", network.parameterCount());
        out.println("Total params: " + total);
        out.println("Trainable params: " + total);
        out.println("Non-trainable params: 0");
        out.println(RULE);
    }

    private static String row(String layer, String shape, String parameters) {
        return String.format(Locale.ROOT, "%-29s%-26s%s", layer, shape, parameters);
    }
}
