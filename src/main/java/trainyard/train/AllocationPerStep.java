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

    @Override
    public void epochStarted(int epoch, int epochs) {
        steps = -1;
    }

    @Override
    public void batchFinished(int samplesDone, int samplesTotal, double meanLoss, double meanAccuracy) {
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
}
