package trainyard.train;

import trainyard.config.ReduceLrOnPlateauSpec;

/**
 * keras.callbacks.ReduceLROnPlateau, step for step as keras/callbacks/reduce_lr_on_plateau.py
 * writes on_epoch_end: in cooldown, count the cooldown down and reset the wait; an
 * improvement (by more than min_delta) resets the wait; otherwise, out of cooldown, the
 * wait grows, and at patience a rate above min_lr becomes max(rate · factor, min_lr),
 * cooldown starts and the wait resets.
 */
final class ReduceLrOnPlateau implements TrainingCallback {
    private final ReduceLrOnPlateauSpec spec;
    private final TrainingListener listener;
    private double best;
    private int wait;
    private int cooldownCounter;

    ReduceLrOnPlateau(ReduceLrOnPlateauSpec spec, TrainingListener listener) {
        this.spec = spec;
        this.listener = listener;
        this.best = spec.lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private static final String KEY = "reduce_lr_on_plateau/";

    @Override
    public void saveTo(java.util.Map<String, Double> numbers, java.util.Map<String, float[]> tensors) {
        numbers.put(KEY + "best", best);
        numbers.put(KEY + "wait", (double) wait);
        numbers.put(KEY + "cooldown", (double) cooldownCounter);
    }

    @Override
    public void restoreFrom(java.util.Map<String, Double> numbers) {
        best = numbers.get(KEY + "best");
        wait = numbers.get(KEY + "wait").intValue();
        cooldownCounter = numbers.get(KEY + "cooldown").intValue();
    }

    @Override
    public void epochEnded(EpochResult result, Loop loop) {
        double current = TrainingCallback.monitored(result, spec.monitor());
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (TrainingCallback.improves(current, best, spec.lowerIsBetter(), spec.minDelta())) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= spec.patience()) {
                double old = loop.learningRate();
                // Keras compares with np.float32(min_lr): the rate lives in a float32 variable.
                if ((float) old > (float) spec.minLr()) {
                    double reduced = Math.max(old * spec.factor(), spec.minLr());
                    loop.setLearningRate(reduced);
                    listener.learningRateReduced(result.epoch(), reduced);
                    cooldownCounter = spec.cooldown();
                    wait = 0;
                }
            }
        }
    }
}
