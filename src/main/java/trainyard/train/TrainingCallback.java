package trainyard.train;

/**
 * Something that watches each epoch's figures and may act on the loop, as Keras's
 * callbacks do: early stopping asks it to stop, reduce-on-plateau changes the rate.
 */
interface TrainingCallback {
    /** What a callback may do to the loop. */
    interface Loop {
        /** Ends training after this epoch. */
        void stop();

        /** The rate the next step would use. */
        double learningRate();

        /** Sets a constant rate from the next step on. */
        void setLearningRate(double rate);
    }

    /** After each epoch's figures are known (validation included). */
    void epochEnded(EpochResult result, Loop loop);

    /**
     * Adds the callback's state for a checkpoint: scalars (exact, infinities included) and
     * its live arrays, under names that start with the callback's config key.
     */
    void saveTo(java.util.Map<String, Double> numbers, java.util.Map<String, float[]> tensors);

    /** Whether the checkpoint's scalars hold all of this callback's state: every name {@link #saveTo} writes. */
    default boolean canRestoreFrom(java.util.Map<String, Double> numbers) {
        java.util.Map<String, Double> mine = new java.util.HashMap<>();
        saveTo(mine, new java.util.HashMap<>());
        return numbers.keySet().containsAll(mine.keySet());
    }

    /** Takes the scalars back (its arrays were copied into the live ones already). */
    void restoreFrom(java.util.Map<String, Double> numbers);

    /** Keras's monitor_op in mode "auto": a loss improves by going below best - minDelta, an accuracy above best + minDelta. */
    static boolean improves(double value, double best, boolean lowerIsBetter, double minDelta) {
        return lowerIsBetter ? value < best - minDelta : value > best + minDelta;
    }

    /** The figure an epoch gives for a monitor name (loss, accuracy, mae, rmse, and each with val_); NaN when it has none. */
    static double monitored(EpochResult result, String monitor) {
        Double value = result.figure(monitor);
        return value == null ? Double.NaN : value;
    }
}
