package trainyard.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import trainyard.model.Network;
import trainyard.model.Parameter;
import trainyard.optim.Optimizer;

/**
 * Taking a run's state into a {@link Checkpoint} and putting it back: the weights, the
 * optimizer's slots, the callbacks' state and a learning rate set by a callback. The
 * arrays are the live ones (a store writes them before save returns); restoring copies
 * into them, and only after every array was found with its length, so a checkpoint that
 * does not fit the run changes nothing.
 */
final class Resumption {
    static final String WEIGHTS = "weights/";
    static final String OPTIMIZER = "optimizer/";
    static final String LEARNING_RATE = "learning_rate";

    private Resumption() {
    }

    static Checkpoint snapshot(int epoch, long iteration, double trainSeconds, List<EpochResult> history, Network network,
                               Optimizer optimizer, List<TrainingCallback> callbacks) {
        Map<String, float[]> tensors = new HashMap<>();
        Map<String, Double> numbers = new HashMap<>();
        for (Parameter parameter : network.savedArrays()) {
            tensors.put(WEIGHTS + parameter.name(), parameter.values());
        }
        optimizer.state().forEach((name, values) -> tensors.put(OPTIMIZER + name, values));
        for (TrainingCallback callback : callbacks) {
            callback.saveTo(numbers, tensors);
        }
        optimizer.rateSetByCallback().ifPresent(rate -> numbers.put(LEARNING_RATE, rate));
        return new Checkpoint(epoch, iteration, trainSeconds, history, tensors, numbers);
    }

    /** Puts the checkpoint's state into the run; false (and nothing changed) when it does not fit. */
    static boolean restore(Checkpoint checkpoint, Network network, Optimizer optimizer, List<TrainingCallback> callbacks) {
        Map<String, float[]> targets = new HashMap<>();
        for (Parameter parameter : network.savedArrays()) {
            targets.put(WEIGHTS + parameter.name(), parameter.values());
        }
        optimizer.state().forEach((name, values) -> targets.put(OPTIMIZER + name, values));
        Map<String, Double> ignored = new HashMap<>();
        for (TrainingCallback callback : callbacks) {
            callback.saveTo(ignored, targets);
        }
        if (!targets.keySet().equals(checkpoint.tensors().keySet())) {
            return false;
        }
        for (Map.Entry<String, float[]> target : targets.entrySet()) {
            if (checkpoint.tensors().get(target.getKey()).length != target.getValue().length) {
                return false;
            }
        }
        for (TrainingCallback callback : callbacks) {
            if (!callback.canRestoreFrom(checkpoint.numbers())) {
                return false;
            }
        }
        for (Map.Entry<String, float[]> target : targets.entrySet()) {
            float[] saved = checkpoint.tensors().get(target.getKey());
            System.arraycopy(saved, 0, target.getValue(), 0, saved.length);
        }
        for (TrainingCallback callback : callbacks) {
            callback.restoreFrom(checkpoint.numbers());
        }
        Double rate = checkpoint.numbers().get(LEARNING_RATE);
        if (rate != null) {
            optimizer.setLearningRate(rate);
        }
        return true;
    }
}
