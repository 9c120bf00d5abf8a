package trainyard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import trainyard.config.LossKind;

/** Loss values computed by hand from Keras's definitions. */
class LossTest {
    static final Loss CROSS_ENTROPY = new Loss(LossKind.CATEGORICAL_CROSSENTROPY);
    static final Loss SQUARED = new Loss(LossKind.MEAN_SQUARED_ERROR);

    @Test
    void crossEntropyIsMinusLogOfTheTargetProbabilityAveragedOverTheBatch() {
        float[] output = {0.7f, 0.2f, 0.1f, 0.25f, 0.25f, 0.5f};
        float[] targets = {1, 0, 0, 0, 0, 1};
        assertThat(CROSS_ENTROPY.value(output, targets, 2, 3)).isCloseTo((-Math.log(0.7) - Math.log(0.5)) / 2, within(1e-6));
    }

    @Test
    void crossEntropyNormalisesOutputsThatDoNotSumToOne() {
        // The tutorial's sigmoid output: Keras divides by the sum before the log.
        float[] output = {1f, 1f, 2f};
        assertThat(CROSS_ENTROPY.value(output, new float[] {0, 0, 1}, 1, 3)).isCloseTo(-Math.log(0.5), within(1e-6));
    }

    @Test
    void crossEntropyClipsAZeroProbabilityToEpsilon() {
        float[] output = {1f, 0f};
        assertThat(CROSS_ENTROPY.value(output, new float[] {0, 1}, 1, 2)).isCloseTo(-Math.log(1e-7), within(1e-3));
    }

    @Test
    void meanSquaredErrorAveragesOverClassesThenBatch() {
        float[] output = {1f, 2f, 0f, 0f};
        float[] targets = {0f, 0f, 0f, 1f};
        assertThat(SQUARED.value(output, targets, 2, 2)).isCloseTo(((1 + 4) / 2.0 + 1 / 2.0) / 2, within(1e-6));
    }

    @Test
    void fusedSoftmaxCrossEntropyGradientIsProbabilityMinusTargetOverBatch() {
        float[] gradient = new float[3];
        Loss.softmaxCrossEntropyGradient(new float[] {0.7f, 0.2f, 0.1f}, new float[] {1, 0, 0}, 1, 3, gradient);
        assertThat(gradient).containsExactly(new float[] {-0.3f, 0.2f, 0.1f}, within(1e-7f));
    }
}
