package trainyard.train;

import java.lang.management.ManagementFactory;
import trainyard.config.ExperimentSpec;
import trainyard.data.Dataset;
import trainyard.model.Architecture;
import trainyard.model.LayerPlan;
import trainyard.model.Shape;
import trainyard.optim.Optimizer;

/**
 * The heap one training run needs, estimated from its layers' plans and batch before
 * anything is allocated, and the heap this JVM has for runs: so that every network that
 * fits the machine trains, a sweep runs only as many trials at once as fit together, and
 * one that cannot fit is refused with both sizes named.
 *
 * @param parameters      trainable parameters
 * @param weightBytes     the parameters with their gradients, each layer's extra copies and
 *                        the optimizer's state
 * @param activationBytes per example of the largest batch (training or evaluation): its
 *                        input and what each layer holds per example
 */
public record MemoryNeed(long parameters, long weightBytes, long activationBytes, long batch) {
    /** Headroom for what the estimate leaves out (the JIT, buffers, fragmentation). */
    private static final double USABLE_SHARE = 0.8;

    public static MemoryNeed of(ExperimentSpec spec, Dataset dataset) {
        Architecture architecture = Architecture.of(spec.model(), new Shape(dataset.imageShape()));
        int optimizerFloats = Optimizer.stateFloatsPerParameter(spec.optimizer());
        long weightFloats = 0;
        long floatsPerExample = dataset.features();
        for (LayerPlan layer : architecture.layers()) {
            long trainable = layer.parameterCount() - layer.nonTrainableCount();
            weightFloats += trainable * (2 + layer.extraFloatsPerParameter() + optimizerFloats) + 2 * layer.nonTrainableCount();
            floatsPerExample += layer.floatsPerExample();
        }
        long batch = Math.max(Math.min(spec.training().batchSize(), dataset.train().count()), Trainer.EVALUATION_BATCH);
        return new MemoryNeed(architecture.parameterCount(), weightFloats * Float.BYTES, batch * floatsPerExample * Float.BYTES, batch);
    }

    public long totalBytes() {
        return weightBytes + activationBytes;
    }

    /** The heap runs may use: the JVM's maximum less the dataset's bytes (loaded once, shared), with headroom. */
    public static long usableHeapBytes(Dataset dataset) {
        long free = Runtime.getRuntime().maxMemory() - dataset.train().dataBytes() - dataset.test().dataBytes();
        return (long) (Math.max(0, free) * USABLE_SHARE);
    }

    /** How many runs of this need fit in the heap at once (at least 0). */
    public long runsThatFit(Dataset dataset) {
        return usableHeapBytes(dataset) / Math.max(1, totalBytes());
    }

    /** The machine's physical memory in bytes, or 0 where the JVM cannot tell. */
    public static long physicalMemoryBytes() {
        try {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        } catch (ClassCastException | LinkageError e) {
            return 0;
        }
    }
}
