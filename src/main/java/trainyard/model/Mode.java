package trainyard.model;

/**
 * Why a forward pass runs, as Keras's {@code training} argument: dropout drops units only
 * while training; evaluation, `make evaluate` and `make predict` run in inference.
 */
public enum Mode {
    TRAINING, INFERENCE
}
