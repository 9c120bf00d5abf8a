package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import trainyard.config.SearchDimension;

/**
 * The estimator's densities against hand-computed ones: the bandwidths worked out by hand
 * from Optuna's rules, the cut normals' values from scipy's truncnorm.pdf.
 */
class ParzenEstimatorTest {
    private static final SearchDimension RANGE = new SearchDimension("x", SearchDimension.Kind.UNIFORM, 0, 10, List.of());

    @Test
    void twoPointsGetTheirInnerGapAsBandwidthBesideTheWidePrior() {
        // points 2 and 5: each takes the gap between them, 3 (above the clip 10/min(100, 4) = 2.5);
        // the prior sits at 5 with sigma 10; weights 1/3 each
        ParzenEstimator estimator = new ParzenEstimator(List.of(RANGE), new double[][] {{2}, {5}}, new double[] {1, 1});
        // log((truncnorm.pdf(4; 2, 3) + truncnorm.pdf(4; 5, 3) + truncnorm.pdf(4; 5, 10)) / 3) on [0, 10]
        assertThat(estimator.logDensity(new double[] {4})).isCloseTo(-2.0506962977563283, within(1e-12));
    }

    @Test
    void bandwidthsAreClippedFromBelowAndTheEndsTakeTheirInnerGap() {
        // points 1, 2, 9 between the ends 0 and 10: 1 takes its right gap 1, clipped up to 10/5 = 2;
        // 2 takes max(1, 7) = 7; 9 takes its left gap 7
        ParzenEstimator estimator = new ParzenEstimator(List.of(RANGE), new double[][] {{1}, {2}, {9}}, new double[] {1, 1, 1});
        assertThat(estimator.logDensity(new double[] {3})).isCloseTo(-2.121388069007854, within(1e-12));
    }

    @Test
    void aChoicesKernelLeansToItsObservedChoice() {
        SearchDimension choice = new SearchDimension("c", SearchDimension.Kind.CHOICE, 0, 0, List.of("a", "b", "c"));
        ParzenEstimator estimator = new ParzenEstimator(List.of(choice), new double[][] {{0}, {2}}, new double[] {1, 1});
        // kernel of "a": (1/3 + 1, 1/3, 1/3) / 2 = (2/3, 1/6, 1/6); of "c": (1/6, 1/6, 2/3); the prior's: 1/3 each
        assertThat(Math.exp(estimator.logDensity(new double[] {0}))).isCloseTo((2.0 / 3 + 1.0 / 6 + 1.0 / 3) / 3, within(1e-12));
        assertThat(Math.exp(estimator.logDensity(new double[] {1}))).isCloseTo((1.0 / 6 + 1.0 / 6 + 1.0 / 3) / 3, within(1e-12));
    }

    @Test
    void wholeNumbersMassesSumToOneAndTheProductOfTwoKeysIsTheJointDensity() {
        SearchDimension units = new SearchDimension("u", SearchDimension.Kind.INT_UNIFORM, 32, 40, List.of());
        ParzenEstimator alone = new ParzenEstimator(List.of(units), new double[][] {{33}, {39}}, new double[] {1, 2});
        double total = 0;
        for (int u = 32; u <= 40; u++) {
            total += Math.exp(alone.logDensity(new double[] {u}));
        }
        assertThat(total).isCloseTo(1.0, within(1e-12));
        // one point (2, 33): x's kernel has sigma max(2 - 0, 10 - 2) = 8, the whole number's max(33 - 31.5, 40.5 - 33) = 7.5
        // (its range widened by half a step); the prior's sit mid-range with the widths 10 and 9; weights 1/2 each
        ParzenEstimator joint = new ParzenEstimator(List.of(RANGE, units), new double[][] {{2, 33}}, new double[] {1});
        double kernel = Math.exp(TruncatedGaussian.logDensity(4, 2, 8, 0, 10) + TruncatedGaussian.logIntervalMass(34.5, 35.5, 33, 7.5, 31.5, 40.5));
        double prior = Math.exp(TruncatedGaussian.logDensity(4, 5, 10, 0, 10) + TruncatedGaussian.logIntervalMass(34.5, 35.5, 36, 9, 31.5, 40.5));
        assertThat(joint.logDensity(new double[] {4, 35})).isCloseTo(Math.log((kernel + prior) / 2), within(1e-12));
    }

    @Test
    void logUniformDensityIsOnTheLogScaleAndDrawsStayInTheRange() {
        SearchDimension rate = new SearchDimension("r", SearchDimension.Kind.LOG_UNIFORM, 1e-4, 1e-1, List.of());
        ParzenEstimator estimator = new ParzenEstimator(List.of(rate), new double[][] {{1e-3}}, new double[] {1});
        double integral = 0;
        int steps = 20_000;
        double low = Math.log(1e-4);
        double high = Math.log(1e-1);
        for (int i = 0; i < steps; i++) {
            double logX = low + (i + 0.5) * (high - low) / steps;
            integral += Math.exp(estimator.logDensity(new double[] {Math.exp(logX)})) * (high - low) / steps;
        }
        assertThat(integral).isCloseTo(1.0, within(1e-6));
        double expected = 0; // the density's mass between 3e-4 and 3e-3, which the draws should hit as often
        for (int i = 0; i < steps; i++) {
            double logX = Math.log(3e-4) + (i + 0.5) * Math.log(10) / steps;
            expected += Math.exp(estimator.logDensity(new double[] {Math.exp(logX)})) * Math.log(10) / steps;
        }
        SplittableRandom random = new SplittableRandom(3);
        int inside = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            double x = estimator.sample(random)[0];
            assertThat(x).isBetween(1e-4, 1e-1);
            inside += x > 3e-4 && x < 3e-3 ? 1 : 0;
        }
        assertThat((double) inside / draws).isCloseTo(expected, within(0.015)); // about 4 standard errors
    }
}
