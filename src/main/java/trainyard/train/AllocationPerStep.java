package trainyard.train;

import java.lang.management.ManagementFactory;

/**
 * Bytes the training thread allocates per batch over the last epoch trained (each epoch
 * starts the count again), read from the JVM's per-thread allocation counter. `make
 * bench` reports it, and a test requires it to be 0 once the JIT is warm: every buffer
 * of a training step is allocated once per run.
 */
public final class AllocationPerStep implements TrainingListener {
    private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long firstBytes;
    private long lastBytes;
    private int steps;
    private double fewest = Double.POSITIVE_INFINITY;

    @Override
    public void epochStarted(int epoch, int epochs) {
        if (steps > 0) {
            fewest = Math.min(fewest, bytesPerStep());
        }
        steps = -1;
    }

    @Override
    public void batchFinished(int samplesDone, int samplesTotal, double meanLoss, String figureName, double meanAccuracy) {
        long now = threads.getCurrentThreadAllocatedBytes();
        if (steps < 0) {
            firstBytes = now;
        }
        lastBytes = now;
        steps++;
    }

    /** Mean bytes per batch between the first and the last batch of the last epoch; 0 before two batches. */
    public double bytesPerStep() {
        return steps <= 0 ? 0 : (double) (lastBytes - firstBytes) / steps;
    }

    /**
     * The lowest epoch's mean: a step that allocates allocates in every epoch, while the
     * JIT recompiling a method now and then (running it interpreted meanwhile) touches
     * only some; tests use this so that a late recompilation cannot fail them.
     */
    public double fewestBytesPerStep() {
        return steps > 0 ? Math.min(fewest, bytesPerStep()) : fewest;
    }
}
