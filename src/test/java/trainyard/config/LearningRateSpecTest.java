package trainyard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The schedules against values computed by hand from Keras 3's formulas
 * (keras/optimizers/schedules/learning_rate_schedule.py) in double precision, outside
 * this code base. Tolerance 1e-15: the same formula, the same arithmetic order.
 */
class LearningRateSpecTest {
    @Test
    void cosineDecayFallsToAlphaTimesTheRateAndStaysThere() {
        CosineDecaySpec plain = new CosineDecaySpec(0.1, 10, 0, null, 0);
        assertThat(plain.at(0)).isEqualTo(0.1);
        assertThat(plain.at(1)).isCloseTo(0.09755282581475769, within(1e-15));
        assertThat(plain.at(3)).isCloseTo(0.07938926261462366, within(1e-15));
        assertThat(plain.at(5)).isCloseTo(0.05, within(1e-15));
        assertThat(plain.at(10)).isCloseTo(0, within(1e-15));
        assertThat(plain.at(20)).isCloseTo(0, within(1e-15));
        CosineDecaySpec floor = new CosineDecaySpec(0.1, 10, 0.2, null, 0);
        assertThat(floor.at(2)).isCloseTo(0.09236067977499791, within(1e-15));
        assertThat(floor.at(8)).isCloseTo(0.02763932022500211, within(1e-15));
        assertThat(floor.at(20)).isCloseTo(0.02, within(1e-15));
    }

    @Test
    void cosineWarmupRisesLinearlyThenDecaysFromTheTarget() {
        CosineDecaySpec warm = new CosineDecaySpec(0, 10, 0, 0.1, 5);
        assertThat(warm.at(0)).isEqualTo(0);
        assertThat(warm.at(1)).isCloseTo(0.02, within(1e-15));
        assertThat(warm.at(3)).isCloseTo(0.06, within(1e-15));
        assertThat(warm.at(5)).isCloseTo(0.1, within(1e-15));
        assertThat(warm.at(8)).isCloseTo(0.07938926261462366, within(1e-15));
        assertThat(warm.at(10)).isCloseTo(0.05, within(1e-15));
        assertThat(warm.at(20)).isCloseTo(0, within(1e-15));
    }

    @Test
    void exponentialDecaySmoothAndStaircase() {
        ExponentialDecaySpec smooth = new ExponentialDecaySpec(0.1, 3, 0.96, false);
        ExponentialDecaySpec stairs = new ExponentialDecaySpec(0.1, 3, 0.96, true);
        assertThat(smooth.at(0)).isEqualTo(0.1);
        assertThat(smooth.at(1)).isCloseTo(0.0986484829732188, within(1e-15));
        assertThat(smooth.at(8)).isCloseTo(0.08968571774592712, within(1e-15));
        assertThat(stairs.at(2)).isEqualTo(0.1);
        assertThat(stairs.at(3)).isCloseTo(0.096, within(1e-15));
        assertThat(stairs.at(8)).isCloseTo(0.09216, within(1e-15));
        assertThat(stairs.at(20)).isCloseTo(0.07827577896959999, within(1e-15));
    }

    @Test
    void badSchedulesAreRefusedWhenBuiltInCode() {
        assertThatThrownBy(() -> new CosineDecaySpec(0, 10, 0, null, 0)).hasMessageContaining("initial_learning_rate");
        assertThatThrownBy(() -> new CosineDecaySpec(0.1, 0, 0, null, 0)).hasMessageContaining("decay_steps");
        assertThatThrownBy(() -> new CosineDecaySpec(0.1, 10, 0, 0.2, 0)).hasMessageContaining("warmup_steps");
        assertThatThrownBy(() -> new ExponentialDecaySpec(0.1, 10, 0, false)).hasMessageContaining("decay_rate");
    }
}
