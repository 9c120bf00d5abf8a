package trainyard.sweep;

import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.SearchDimension;

/**
 * A density over a whole search space fitted to some trials' points, as Optuna's TPE
 * builds its l(x) and g(x) (optuna/samplers/_tpe/parzen_estimator.py, v5): a mixture with
 * one component per observed point plus one for the prior, each component a product over
 * the dimensions (the multivariate form, Falkner et al. 2018), so a drawn point keeps the
 * combination of values that one good trial had.
 *
 * <p>Per dimension: a range's kernel is a normal cut to the range (on the log scale for
 * log_uniform; for int_uniform the range widened by half a step and a whole number's mass
 * taken over [x - ½, x + ½]) centred on the observation, its σ the larger gap to its sorted
 * neighbours (the first and last take their inner gap only: Optuna's consider_endpoints
 * False), clipped to [width / min(100, n + 2), width] (the "magic clip"); the prior's kernel
 * sits in the middle with σ the width. A choice's kernel puts weight 1 + 1/(n+1) on the
 * observed choice and 1/(n+1) on every other, normalised; the prior's is uniform. The
 * mixture weights are the trials' weights and 1 for the prior (Optuna's prior_weight),
 * normalised.
 */
final class ParzenEstimator {
    private static final double PRIOR_WEIGHT = 1.0;

    private final List<SearchDimension> dimensions;
    private final double[] logWeights; // per component, the prior last
    private final double[] cumulativeWeights;
    private final double[][] mus;      // per dimension (ranges only), per component; on the transformed scale
    private final double[][] sigmas;
    private final double[][][] choiceLogWeights; // per dimension (choices only), per component, per choice
    private final double[] lows;       // per dimension: the transformed range, widened by half a step for whole numbers
    private final double[] highs;

    /**
     * @param points  the observed points, one row per trial, coordinates in the dimensions' order
     * @param weights each point's weight (positive)
     */
    ParzenEstimator(List<SearchDimension> dimensions, double[][] points, double[] weights) {
        this.dimensions = List.copyOf(dimensions);
        int n = points.length;
        int components = n + 1;
        double[] mixture = new double[components];
        double total = PRIOR_WEIGHT;
        for (int k = 0; k < n; k++) {
            mixture[k] = weights[k];
            total += weights[k];
        }
        mixture[n] = PRIOR_WEIGHT;
        logWeights = new double[components];
        cumulativeWeights = new double[components];
        double running = 0;
        for (int k = 0; k < components; k++) {
            logWeights[k] = StrictMath.log(mixture[k] / total);
            running += mixture[k] / total;
            cumulativeWeights[k] = running;
        }
        int size = dimensions.size();
        mus = new double[size][];
        sigmas = new double[size][];
        choiceLogWeights = new double[size][][];
        lows = new double[size];
        highs = new double[size];
        for (int d = 0; d < size; d++) {
            double[] column = new double[n];
            for (int k = 0; k < n; k++) {
                column[k] = points[k][d];
            }
            if (dimensions.get(d).isChoice()) {
                choiceLogWeights[d] = choiceKernels(dimensions.get(d).choices().size(), column);
            } else {
                fitRange(d, dimensions.get(d), column);
            }
        }
    }

    private static double[][] choiceKernels(int choices, double[] observed) {
        int components = observed.length + 1;
        double[][] logs = new double[components][choices];
        for (int k = 0; k < components; k++) {
            double base = PRIOR_WEIGHT / components;
            double rowTotal = base * choices + (k < observed.length ? 1 : 0);
            for (int c = 0; c < choices; c++) {
                double weight = base + (k < observed.length && (int) observed[k] == c ? 1 : 0);
                logs[k][c] = StrictMath.log(weight / rowTotal);
            }
        }
        return logs;
    }

    private void fitRange(int d, SearchDimension dimension, double[] observed) {
        boolean log = dimension.kind() == SearchDimension.Kind.LOG_UNIFORM;
        double halfStep = dimension.kind() == SearchDimension.Kind.INT_UNIFORM ? 0.5 : 0;
        double low = transform(dimension.low() - halfStep, log);
        double high = transform(dimension.high() + halfStep, log);
        int n = observed.length;
        double[] mu = new double[n + 1];
        double[] sigma = new double[n + 1];
        for (int k = 0; k < n; k++) {
            mu[k] = transform(observed[k], log);
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(mu[i], mu[j])); // stable: equal points keep their order
        double width = high - low;
        if (width == 0) { // one value: every kernel is that value, drawn and measured as certain
            mus[d] = new double[n + 1];
            java.util.Arrays.fill(mus[d], low);
            sigmas[d] = new double[n + 1];
            lows[d] = low;
            highs[d] = high;
            return;
        }
        double smallest = width / Math.min(100.0, n + 2);
        for (int r = 0; r < n; r++) {
            double left = mu[order[r]] - (r == 0 ? low : mu[order[r - 1]]);
            double right = (r == n - 1 ? high : mu[order[r + 1]]) - mu[order[r]];
            double gap = Math.max(left, right);
            if (n >= 2 && r == 0) {
                gap = right;
            } else if (n >= 2 && r == n - 1) {
                gap = left;
            }
            sigma[order[r]] = Math.min(width, Math.max(smallest, gap));
        }
        mu[n] = 0.5 * (low + high);
        sigma[n] = width;
        mus[d] = mu;
        sigmas[d] = sigma;
        lows[d] = low;
        highs[d] = high;
    }

    private static double transform(double value, boolean log) {
        return log ? StrictMath.log(value) : value;
    }

    /** A point drawn from the mixture: a component by weight, then each coordinate from its kernel. */
    double[] sample(SplittableRandom random) {
        double u = random.nextDouble();
        int k = 0;
        while (k < cumulativeWeights.length - 1 && u >= cumulativeWeights[k]) {
            k++;
        }
        double[] point = new double[dimensions.size()];
        for (int d = 0; d < point.length; d++) {
            SearchDimension dimension = dimensions.get(d);
            if (dimension.isChoice()) {
                double v = random.nextDouble();
                double[] row = choiceLogWeights[d][k];
                int c = 0;
                double cumulative = StrictMath.exp(row[0]);
                while (c < row.length - 1 && v >= cumulative) {
                    c++;
                    cumulative += StrictMath.exp(row[c]);
                }
                point[d] = c;
                continue;
            }
            if (lows[d] == highs[d]) {
                point[d] = dimension.low();
                continue;
            }
            double x = TruncatedGaussian.sample(random, mus[d][k], sigmas[d][k], lows[d], highs[d]);
            if (dimension.kind() == SearchDimension.Kind.LOG_UNIFORM) {
                x = StrictMath.exp(x);
            }
            if (dimension.kind() == SearchDimension.Kind.INT_UNIFORM) {
                x = Math.min(dimension.high(), Math.max(dimension.low(), Math.rint(x)));
            }
            point[d] = Math.min(dimension.high(), Math.max(dimension.low(), x));
        }
        return point;
    }

    /** The log density of the mixture at a point (for whole numbers, the log mass of the number). */
    double logDensity(double[] point) {
        int components = logWeights.length;
        double[] terms = new double[components];
        double largest = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < components; k++) {
            double sum = logWeights[k];
            for (int d = 0; d < point.length && sum > Double.NEGATIVE_INFINITY; d++) {
                sum += logDensity(d, k, point[d]);
            }
            terms[k] = sum;
            largest = Math.max(largest, sum);
        }
        if (largest == Double.NEGATIVE_INFINITY) {
            return largest;
        }
        double total = 0;
        for (double term : terms) {
            total += StrictMath.exp(term - largest);
        }
        return largest + StrictMath.log(total);
    }

    private double logDensity(int d, int k, double x) {
        SearchDimension dimension = dimensions.get(d);
        if (!dimension.isChoice() && lows[d] == highs[d]) {
            return 0;
        }
        return switch (dimension.kind()) {
            case CHOICE -> choiceLogWeights[d][k][(int) x];
            case INT_UNIFORM -> TruncatedGaussian.logIntervalMass(x - 0.5, x + 0.5, mus[d][k], sigmas[d][k], lows[d], highs[d]);
            case LOG_UNIFORM -> TruncatedGaussian.logDensity(StrictMath.log(x), mus[d][k], sigmas[d][k], lows[d], highs[d]);
            case UNIFORM -> TruncatedGaussian.logDensity(x, mus[d][k], sigmas[d][k], lows[d], highs[d]);
        };
    }
}
