package trainyard.sweep;

import java.util.SplittableRandom;

/**
 * The normal distribution cut to an interval, as TPE's Parzen estimators use it: log masses
 * that stay finite far in the tails, the log density, and draws.
 *
 * <p>Everything is computed with {@link StrictMath}, so the same inputs give the same bits on
 * every machine: a sweep's proposals are re-derived on resume, and on a cluster by another
 * node, and must name the same trials.
 *
 * <p>The upper tail Q(z) = P(Z > z) comes from the series erf(x) = 2/√π · e^(-x²) ·
 * Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) (Abramowitz and Stegun 7.1.6, all terms positive, so no
 * cancellation) for |z| below 5, and from Laplace's continued fraction for the Mills ratio,
 * Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))) (A&S 26.2.14), beyond, where the series would
 * underflow; its logarithm is taken before exponentiating, so log Q(40) = -804.6 is exact.
 */
final class TruncatedGaussian {
    private static final double LOG_SQRT_TWO_PI = 0.5 * StrictMath.log(2 * StrictMath.PI);
    /** Beyond this |z| the continued fraction converges in a few dozen terms and the series would lose precision. */
    private static final double TAIL = 5.0;
    private static final int FRACTION_TERMS = 80;
    /** Draws outside the interval are redrawn; with μ inside it and σ at most its width, 34% or more land inside. */
    private static final int MAX_DRAWS = 10_000;

    private TruncatedGaussian() {
    }

    /** log P(Z > z) for the standard normal Z. */
    static double logUpperTail(double z) {
        if (z > TAIL) {
            double fraction = z;
            for (int k = FRACTION_TERMS; k >= 1; k--) {
                fraction = z + k / fraction;
            }
            return -0.5 * z * z - LOG_SQRT_TWO_PI - StrictMath.log(fraction);
        }
        return StrictMath.log(upperTail(z));
    }

    /** P(Z > z), for moderate z through erf's series, else from the tail's logarithm. */
    static double upperTail(double z) {
        if (z > TAIL) {
            return StrictMath.exp(logUpperTail(z));
        }
        if (z < -TAIL) {
            return 1 - upperTail(-z);
        }
        double x = z / StrictMath.sqrt(2);
        double term = x;
        double sum = x;
        for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        double erf = 2 / StrictMath.sqrt(StrictMath.PI) * StrictMath.exp(-x * x) * sum;
        return 0.5 - 0.5 * erf;
    }

    /** log P(a < Z < b), a < b, finite even where both ends lie far in one tail. */
    static double logMass(double a, double b) {
        if (!(a < b)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (a >= 0) {
            return logDifference(logUpperTail(a), logUpperTail(b));
        }
        if (b <= 0) {
            return logDifference(logUpperTail(-b), logUpperTail(-a));
        }
        return StrictMath.log1p(-(upperTail(-a) + upperTail(b)));
    }

    /** log(e^p - e^q) for p >= q. */
    private static double logDifference(double p, double q) {
        if (q == Double.NEGATIVE_INFINITY) {
            return p;
        }
        return p + StrictMath.log1p(-StrictMath.exp(q - p));
    }

    /** The log density at x of N(μ, σ²) cut to [low, high]. */
    static double logDensity(double x, double mu, double sigma, double low, double high) {
        if (x < low || x > high) {
            return Double.NEGATIVE_INFINITY;
        }
        double z = (x - mu) / sigma;
        return -0.5 * z * z - LOG_SQRT_TWO_PI - StrictMath.log(sigma) - logMass((low - mu) / sigma, (high - mu) / sigma);
    }

    /** log P(left < X < right) for X ~ N(μ, σ²) cut to [low, high]: a whole number's share of a discrete kernel. */
    static double logIntervalMass(double left, double right, double mu, double sigma, double low, double high) {
        return logMass((left - mu) / sigma, (right - mu) / sigma) - logMass((low - mu) / sigma, (high - mu) / sigma);
    }

    /**
     * A draw from N(μ, σ²) cut to [low, high], by redrawing the standard normal (Box-Muller
     * in StrictMath) until it lands inside. TPE's kernels have μ in the interval and σ at
     * most its width, so a draw lands inside with probability P(0 < Z < 1) = 0.34 or more.
     */
    static double sample(SplittableRandom random, double mu, double sigma, double low, double high) {
        for (int i = 0; i < MAX_DRAWS; i++) {
            double u = 1 - random.nextDouble(); // (0, 1]: log(u) is finite
            double v = random.nextDouble();
            double x = mu + sigma * StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * StrictMath.PI * v);
            if (x >= low && x <= high) {
                return x;
            }
        }
        return Math.min(high, Math.max(low, mu)); // unreachable for TPE's kernels; kept so that a draw always ends
    }
}
