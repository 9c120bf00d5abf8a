package trainyard.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import trainyard.config.Activation;
import trainyard.config.CosineDecaySpec;
import trainyard.config.ExperimentSpec;
import trainyard.config.LossKind;

/**
 * Mistakes that train without an error, to no purpose: a cosine schedule whose decay_steps
 * were meant as epochs (the rate reaches its end in the first epoch, or long before the
 * last), an output that is not a probability under categorical cross-entropy, and a result
 * no better than chance. One line each, said before training where it can be known.
 */
public final class TrainingWarnings {
    /** A schedule that bottoms out before this share of training's steps has most of its epochs at its floor. */
    static final double EARLY_END = 0.5;
    /** An accuracy within this factor of 1/classes is chance: a 10-class run at 0.12 or less learnt nothing. */
    static final double CHANCE_MARGIN = 1.2;

    private TrainingWarnings() {
    }

    /** Keras's steps per epoch: every example once, the last batch smaller. */
    public static long stepsPerEpoch(int trainExamples, int batchSize) {
        return (trainExamples + (long) Math.min(batchSize, Math.max(1, trainExamples)) - 1) / Math.min(batchSize, Math.max(1, trainExamples));
    }

    /** @param trainExamples the examples one epoch trains on (after any validation split) */
    public static List<String> before(ExperimentSpec spec, int trainExamples) {
        List<String> warnings = new ArrayList<>();
        int batch = spec.training().batchSize();
        long perEpoch = stepsPerEpoch(trainExamples, batch);
        long total = perEpoch * spec.training().epochs();
        if (spec.optimizer().learningRate() instanceof CosineDecaySpec cosine) {
            long end = cosine.warmupSteps() + cosine.decaySteps();
            if (end < total * EARLY_END) {
                String when = end < perEpoch ? "in the first epoch" : String.format(Locale.ROOT, "in epoch %d of %d", end / perEpoch + 1,
                        spec.training().epochs());
                warnings.add(String.format(Locale.ROOT, "trainyard: warning: optimizer.learning_rate.cosine_decay: the rate reaches its end"
                                + " (%s) at step %,d, %s; an epoch is %,d steps (%,d examples in batches of %d), training %,d steps in all;"
                                + " decay_steps counts steps, not epochs",
                        cosine.alpha() == 0 ? "0" : "alpha · initial", end, when, perEpoch, trainExamples, batch, total));
            }
        }
        Activation output = spec.model().outputLayer().activation();
        if (spec.loss() == LossKind.CATEGORICAL_CROSSENTROPY && (output == Activation.LINEAR || output == Activation.RELU)) {
            int last = spec.model().layers().size() - 1;
            warnings.add("trainyard: warning: model.layers[" + last + "].activation is " + output.yamlName()
                    + " under categorical_crossentropy, which takes probabilities; did you mean activation: softmax?");
        }
        return warnings;
    }

    /** The warning for a test accuracy at chance level, or null. */
    public static String after(Double testAccuracy, int classes) {
        if (testAccuracy == null || classes < 2 || testAccuracy > CHANCE_MARGIN / classes) {
            return null;
        }
        return String.format(Locale.ROOT, "trainyard: warning: test accuracy %.4f is chance level for %d classes: the network learnt"
                + " nothing (look at the learning rate, its schedule and the output activation)", testAccuracy, classes);
    }
}
