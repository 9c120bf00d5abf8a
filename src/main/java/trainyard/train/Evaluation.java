package trainyard.train;

/** Mean loss and accuracy over a set of examples, as Keras's evaluate() returns them. */
public record Evaluation(double loss, double accuracy) {
}
