package trainyard.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import trainyard.config.ExperimentSpec;
import trainyard.kernels.Kernels;
import trainyard.model.Architecture;
import trainyard.model.Mode;
import trainyard.model.Network;
import trainyard.model.Shape;
import trainyard.optim.Optimizer;

/**
 * Trains a throwaway copy of an experiment's network on random pictures, with its shapes,
 * batch size and thread count, while the real dataset loads: the kernels reach C2 before
 * the first real step instead of during the first epoch, when the compiler also takes a
 * core from training. The copy has the real shapes, so C2 compiles from the same profiles
 * as without it. Nothing it computes is kept, and it shares no buffer with the run: the
 * run's numbers are the same with or without it (docs/performance.md has the timings).
 */
public final class WarmUp implements AutoCloseable {
    /**
     * Networks larger than this are not copied: the copy would hold their weights,
     * gradients and moments twice over while the data loads, and their first epoch is
     * long enough that compiling the kernels is a small part of it.
     */
    static final long MOST_PARAMETERS = 5_000_000;

    private final Thread thread;
    private volatile boolean stopped;
    private volatile long steps;

    private WarmUp(ExperimentSpec spec, Architecture architecture, int classes, int threads) {
        thread = new Thread(() -> train(spec, architecture, classes, threads), "trainyard-warm-up");
        thread.setDaemon(true);
    }

    /**
     * Starts training a copy of {@code spec}'s network on pictures of {@code imageShape};
     * null when there is nothing worth warming (a network over {@link #MOST_PARAMETERS},
     * or one that does not fit the pictures, which the run itself will report).
     */
    public static WarmUp start(ExperimentSpec spec, int[] imageShape, int classes, int threads) {
        Architecture architecture;
        try {
            architecture = Architecture.of(spec.model(), new Shape(imageShape));
        } catch (RuntimeException doesNotFit) {
            return null;
        }
        if (architecture.parameterCount() > MOST_PARAMETERS) {
            return null;
        }
        WarmUp warmUp = new WarmUp(spec, architecture, classes, threads);
        warmUp.thread.start();
        return warmUp;
    }

    private void train(ExperimentSpec spec, Architecture architecture, int classes, int threads) {
        int batch = spec.training().batchSize();
        int features = architecture.inputShape().size();
        try (Kernels kernels = Kernels.forThisMachine(threads)) {
            // Buffers for the training batch only (the run's also hold an evaluation batch of 500):
            // the same code runs, in a quarter of a convnet's memory.
            Network network = Network.build(architecture, spec.loss(), batch, 1, 1, kernels);
            Optimizer optimizer = Optimizer.build(spec.optimizer(), network.parameters(), kernels);
            SplittableRandom random = new SplittableRandom(1);
            byte[] pictures = new byte[4 * batch * features];
            random.nextBytes(pictures);
            int[] rowOffsets = new int[batch];
            float[] inputs = new float[batch * features];
            float[] targets = new float[batch * classes];
            for (long step = 0; !stopped; step++) {
                Arrays.fill(targets, 0f);
                for (int r = 0; r < batch; r++) {
                    rowOffsets[r] = random.nextInt(4 * batch) * features;
                    targets[r * classes + random.nextInt(classes)] = 1f;
                }
                kernels.gatherScaledBytes(pictures, rowOffsets, batch, features, 1f / 255, inputs);
                float[] output = network.forward(inputs, batch, Mode.TRAINING, step);
                network.backward(output, targets, batch);
                optimizer.step(network.parameters(), step);
                steps = step + 1;
            }
        } catch (RuntimeException ignored) {
            // a copy that fails costs only its own time; the run reports its own problems
        }
    }

    /** Steps the copy has finished so far. */
    long steps() {
        return steps;
    }

    /** Stops the copy after its current step and waits for it: training then has the cores to itself. */
    @Override
    public void close() {
        stopped = true;
        try {
            thread.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the copy's thread is still running (false once {@link #close} returned). */
    boolean running() {
        return thread.isAlive();
    }
}
