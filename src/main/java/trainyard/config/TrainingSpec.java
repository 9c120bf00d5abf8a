package trainyard.config;

/**
 * How to fit. Defaults follow Keras's fit(): 1 epoch, batch 32, no validation, shuffling
 * every epoch. Keras draws a random seed when none is given; we fix 42 instead so that
 * the same file always gives the same numbers. threads 0 means every core; results do
 * not depend on it (work is split on output rows, never along a sum). earlyStopping is
 * null when training always runs every epoch.
 */
public record TrainingSpec(int epochs, int batchSize, ValidationSpec validation, long seed, int threads,
                           EarlyStoppingSpec earlyStopping) {
    public static final int DEFAULT_EPOCHS = 1;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final long DEFAULT_SEED = 42;

    public TrainingSpec {
        Require.atLeast("epochs", epochs, 1);
        Require.atLeast("batch_size", batchSize, 1);
        Require.present("validation", validation);
        Require.atLeast("threads", threads, 0);
    }

    /** A copy with another thread count (what a sweep gives each trial). */
    public TrainingSpec withThreads(int newThreads) {
        return new TrainingSpec(epochs, batchSize, validation, seed, newThreads, earlyStopping);
    }
}
