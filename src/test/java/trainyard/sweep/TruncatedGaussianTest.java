package trainyard.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tails and the cut normal against scipy 1.10's norm.logsf and truncnorm (values computed there once). */
class TruncatedGaussianTest {
    @Test
    void logUpperTailMatchesScipyFromTheBodyToFarTails() {
        double[][] scipy = {{-6, -9.86587645524372e-10}, {-1, -0.1727537790234499}, {0, -0.6931471805599453}, {1, -1.8410216450092634},
                {3, -6.60772622151035}, {4.99, -15.013181717689323}, {5.01, -15.116911800640429}, {10, -53.23128515051248},
                {40, -804.6084420137539}};
        for (double[] row : scipy) {
            assertThat(TruncatedGaussian.logUpperTail(row[0])).as("log Q(%s)", row[0]).isCloseTo(row[1], within(1e-9 * Math.max(1, -row[1])));
        }
    }

    @Test
    void massesBetweenTwoPointsStayFiniteInOneTail() {
        assertThat(TruncatedGaussian.logMass(-1, 1)).isCloseTo(-0.38171514630212616, within(1e-12));
        assertThat(TruncatedGaussian.logMass(8, 9)).isCloseTo(-35.01361859343716, within(1e-9));
        assertThat(TruncatedGaussian.logMass(-9, -8)).isCloseTo(-35.01361859343716, within(1e-9));
        assertThat(TruncatedGaussian.logMass(1, 1)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void theCutDensityIsScipysAndIntegratesToOne() {
        // scipy.stats.truncnorm.logpdf(4, (0-2)/3, (10-2)/3, loc=2, scale=3)
        assertThat(TruncatedGaussian.logDensity(4, 2, 3, 0, 10)).isCloseTo(-1.9436246760039884, within(1e-12));
        assertThat(TruncatedGaussian.logDensity(-0.1, 2, 3, 0, 10)).isEqualTo(Double.NEGATIVE_INFINITY);
        double integral = 0;
        int steps = 100_000;
        for (int i = 0; i < steps; i++) {
            double x = (i + 0.5) * 10.0 / steps;
            integral += Math.exp(TruncatedGaussian.logDensity(x, 2, 3, 0, 10)) * 10.0 / steps;
        }
        assertThat(integral).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void drawsStayInsideWithScipysMean() {
        SplittableRandom random = new SplittableRandom(1);
        double sum = 0;
        int draws = 200_000;
        for (int i = 0; i < draws; i++) {
            double x = TruncatedGaussian.sample(random, 2, 3, 0, 10);
            assertThat(x).isBetween(0.0, 10.0);
            sum += x;
        }
        assertThat(sum / draws).isCloseTo(3.242684601968099, within(0.02)); // scipy's truncnorm.mean; 4 standard errors
    }
}
