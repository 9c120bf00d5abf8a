package trainyard.config;

/** What the per-epoch val_loss and val_accuracy are measured on. */
public sealed interface ValidationSpec {
    /** The dataset's test set, as the relu_adam tutorial did with validation_data. */
    record TestSet() implements ValidationSpec {
    }

    /** No validation: the epoch line shows training figures only. */
    record NoValidation() implements ValidationSpec {
    }

    /** Keras's validation_split: the LAST fraction of the training set, taken before shuffling. */
    record Split(double fraction) implements ValidationSpec {
        public Split {
            Require.inRange("split", fraction, 0, false, 1, false);
        }
    }
}
