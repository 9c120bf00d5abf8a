package trainyard.train;

import java.util.List;
import trainyard.config.EarlyStoppingSpec;
import trainyard.model.Network;
import trainyard.model.Parameter;

/**
 * keras.callbacks.EarlyStopping (keras/callbacks/early_stopping.py): after each epoch, the
 * monitored figure either improves on the best so far by more than min_delta (the count
 * of waiting epochs resets), or the count grows; training stops once it reaches patience.
 * With restore_best, the best epoch's weights are kept (copied into buffers made once)
 * and put back at the end.
 */
final class EarlyStopping implements TrainingCallback {
    private final EarlyStoppingSpec spec;
    private final List<Parameter> parameters;
    private final float[][] bestWeights;
    private double best;
    private int bestEpoch;
    private int waiting;

    EarlyStopping(EarlyStoppingSpec spec, Network network) {
        this.spec = spec;
        this.parameters = network.savedArrays();
        this.bestWeights = new float[parameters.size()][];
        if (spec.restoreBest()) {
            for (int i = 0; i < bestWeights.length; i++) {
                bestWeights[i] = new float[parameters.get(i).size()];
            }
        }
        this.best = spec.lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public void epochEnded(EpochResult result, Loop loop) {
        double value = TrainingCallback.monitored(result, spec.monitor());
        if (TrainingCallback.improves(value, best, spec.lowerIsBetter(), spec.minDelta())) {
            best = value;
            bestEpoch = result.epoch();
            waiting = 0;
            if (spec.restoreBest()) {
                for (int i = 0; i < bestWeights.length; i++) {
                    System.arraycopy(parameters.get(i).values(), 0, bestWeights[i], 0, bestWeights[i].length);
                }
            }
            return;
        }
        waiting++;
        if (waiting >= spec.patience()) {
            loop.stop();
        }
    }

    private static final String KEY = "early_stopping/";

    @Override
    public void saveTo(java.util.Map<String, Double> numbers, java.util.Map<String, float[]> tensors) {
        numbers.put(KEY + "best", best);
        numbers.put(KEY + "best_epoch", (double) bestEpoch);
        numbers.put(KEY + "waiting", (double) waiting);
        for (int i = 0; i < bestWeights.length; i++) {
            if (bestWeights[i] != null) {
                tensors.put(KEY + parameters.get(i).name(), bestWeights[i]);
            }
        }
    }

    @Override
    public void restoreFrom(java.util.Map<String, Double> numbers) {
        best = numbers.get(KEY + "best");
        bestEpoch = numbers.get(KEY + "best_epoch").intValue();
        waiting = numbers.get(KEY + "waiting").intValue();
    }

    int bestEpoch() {
        return bestEpoch;
    }

    void restoreBestIfAsked() {
        if (spec.restoreBest() && bestEpoch > 0) {
            for (int i = 0; i < bestWeights.length; i++) {
                System.arraycopy(bestWeights[i], 0, parameters.get(i).values(), 0, bestWeights[i].length);
            }
        }
    }
}
