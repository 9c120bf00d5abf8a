package trainyard.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import trainyard.config.ReduceLrOnPlateauSpec;

/**
 * ReduceLROnPlateau against a hand simulation of keras/callbacks/reduce_lr_on_plateau.py's
 * on_epoch_end (run in Python with numpy, outside this code base) over the same figures:
 * patience, cooldown, min_delta, min_lr and both directions.
 */
class ReduceLrOnPlateauTest {
    /** The rate after each epoch's callback, starting from 1.0. */
    static List<Double> rates(ReduceLrOnPlateauSpec spec, double... figures) {
        List<Double> rates = new ArrayList<>();
        double[] rate = {1.0};
        TrainingCallback.Loop loop = new TrainingCallback.Loop() {
            @Override
            public void stop() {
                throw new AssertionError("reduce-on-plateau never stops training");
            }

            @Override
            public double learningRate() {
                return rate[0];
            }

            @Override
            public void setLearningRate(double newRate) {
                rate[0] = newRate;
            }
        };
        ReduceLrOnPlateau callback = new ReduceLrOnPlateau(spec, new TrainingListener() { });
        for (int epoch = 0; epoch < figures.length; epoch++) {
            double figure = figures[epoch];
            callback.epochEnded(new EpochResult(epoch + 1, figure, figure, figure, figure, 1, rate[0]), loop);
            rates.add(rate[0]);
        }
        return rates;
    }

    @Test
    void patienceCooldownAndTheFloor() {
        List<Double> rates = rates(new ReduceLrOnPlateauSpec("val_loss", 0.5, 2, 0, 1, 0.1),
                1.0, 0.9, 0.95, 0.97, 0.96, 0.99, 0.98, 0.97, 0.97, 0.97, 0.97, 0.97, 0.97);
        assertThat(rates).containsExactly(1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.1, 0.1, 0.1, 0.1);
    }

    @Test
    void accuraciesImproveUpwardsByMoreThanMinDelta() {
        List<Double> rates = rates(new ReduceLrOnPlateauSpec("val_accuracy", 0.1, 1, 0.05, 0, 0), 0.5, 0.6, 0.61, 0.7, 0.55, 0.56);
        assertThat(rates).hasSize(6);
        double[] expected = {1.0, 1.0, 0.1, 0.1, 0.01, 0.001};
        for (int i = 0; i < expected.length; i++) {
            assertThat(rates.get(i)).isCloseTo(expected[i], within(1e-15));
        }
    }

    /** What a file that names the callback and nothing else gets: Keras's defaults (keras/src/callbacks/reduce_lr_on_plateau.py). */
    @Test
    void anEmptySectionReadsAsKerasDefaults() throws Exception {
        trainyard.config.ExperimentSpec spec = trainyard.config.ExperimentLoader.parse("""
                dataset: mnist
                model: {layers: [{dense: 10, activation: softmax}]}
                loss: categorical_crossentropy
                optimizer: sgd
                training: {validation: test, reduce_lr_on_plateau: {}}
                """, java.nio.file.Path.of("t.yaml")).spec();
        assertThat(spec.training().reduceLrOnPlateau()).isEqualTo(new ReduceLrOnPlateauSpec("val_loss", 0.1, 10, 1e-4, 0, 0));
    }
}
