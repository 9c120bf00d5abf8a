package trainyard.optim;

/**
 * What an optimizer step knows besides the gradients: the step count (Keras's
 * optimizer.iterations, 0 at the first update; Adam's bias correction uses step + 1),
 * the epoch and the learning rate of this step, decided once by the training loop from
 * the schedule and the callbacks. One instance is advanced step by step, so that a
 * training step allocates nothing.
 */
public final class StepContext {
    private long iteration;
    private int epoch;
    private double learningRate;

    /** Sets the next step's figures. */
    public void advance(long iteration, int epoch, double learningRate) {
        this.iteration = iteration;
        this.epoch = epoch;
        this.learningRate = learningRate;
    }

    /** Updates done before this one. */
    public long iteration() {
        return iteration;
    }

    /** 1-based, as the console prints it. */
    public int epoch() {
        return epoch;
    }

    public double learningRate() {
        return learningRate;
    }
}
