package trainyard.train;

import java.util.List;
import trainyard.config.EarlyStoppingSpec;
import trainyard.model.Network;
import trainyard.model.Parameter;

/**
 * keras.callbacks.EarlyStopping: after each epoch, the monitored figure either improves
 * on the best so far by more than min_delta (the count of waiting epochs resets), or the
 * count grows; training stops once it reaches patience. With restore_best, the best
 * epoch's weights are kept (copied into buffers made once) and put back at the end.
 */
final class EarlyStopping {
    private final EarlyStoppingSpec spec;
    private final List<Parameter> parameters;
    private final float[][] bestWeights;
    private double best;
    private int bestEpoch;
    private int waiting;

    EarlyStopping(EarlyStoppingSpec spec, Network network) {
        this.spec = spec;
        this.parameters = network.parameters();
        this.bestWeights = new float[parameters.size()][];
        if (spec.restoreBest()) {
            for (int i = 0; i < bestWeights.length; i++) {
                bestWeights[i] = new float[parameters.get(i).size()];
            }
        }
        this.best = spec.lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Takes an epoch's figures; true when training should stop now. */
    boolean shouldStop(EpochResult result) {
        double value = switch (spec.monitor()) {
            case "val_loss" -> result.valLoss();
            case "val_accuracy" -> result.valAccuracy();
            case "loss" -> result.loss();
            default -> result.accuracy();
        };
        boolean improved = spec.lowerIsBetter() ? value < best - spec.minDelta() : value > best + spec.minDelta();
        if (improved) {
            best = value;
            bestEpoch = result.epoch();
            waiting = 0;
            if (spec.restoreBest()) {
                for (int i = 0; i < bestWeights.length; i++) {
                    System.arraycopy(parameters.get(i).values(), 0, bestWeights[i], 0, bestWeights[i].length);
                }
            }
            return false;
        }
        waiting++;
        return waiting >= spec.patience();
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
