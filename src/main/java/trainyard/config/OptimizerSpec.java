package trainyard.config;

/**
 * An optimizer's hyperparameters. Defaults are Keras's (keras.optimizers.SGD and Adam):
 * users compare against Keras tutorials, so an omitted value must mean what it meant there.
 */
public sealed interface OptimizerSpec {
    String name();

    double learningRate();

    /** SGD: learning rate 0.01, momentum 0, no Nesterov (Keras defaults). */
    record Sgd(double learningRate, double momentum, boolean nesterov) implements OptimizerSpec {
        public static final Sgd KERAS_DEFAULT = new Sgd(0.01, 0.0, false);

        public Sgd {
            Require.positiveFinite("learning_rate", learningRate);
            Require.inRange("momentum", momentum, 0, true, 1, false);
        }

        @Override
        public String name() {
            return "sgd";
        }
    }

    /** Adam: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7 (Keras defaults). */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerSpec {
        public static final Adam KERAS_DEFAULT = new Adam(0.001, 0.9, 0.999, 1e-7);

        public Adam {
            Require.positiveFinite("learning_rate", learningRate);
            Require.inRange("beta_1", beta1, 0, true, 1, false);
            Require.inRange("beta_2", beta2, 0, true, 1, false);
            Require.positiveFinite("epsilon", epsilon);
        }

        @Override
        public String name() {
            return "adam";
        }
    }
}
