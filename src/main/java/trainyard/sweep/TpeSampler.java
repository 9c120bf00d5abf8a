package trainyard.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import trainyard.config.SearchDimension;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al., NeurIPS 2011; Watanabe 2023,
 * "Tree-structured Parzen Estimator: Understanding Its Algorithm Components"), with Optuna
 * 5's defaults (optuna/samplers/_tpe/sampler.py): the finished trials are split into the
 * best γ(n) = min(⌈0.1·n⌉, 25) and the rest; a multivariate {@link ParzenEstimator} is fitted
 * to each, l(x) to the best and g(x) to the rest; 24 candidates are drawn from l and ranked
 * by l(x)/g(x), which orders them as expected improvement does (Bergstra et al., section 4.1).
 *
 * <p>Weights (Optuna's default_weights, after Bergstra et al. 2013): each group's trials in
 * trial order weigh 1, except that past 25 the older ones ramp linearly from 1/n up to 1.
 *
 * <p>Trials still training (the earlier proposals of the same batch) and trials that
 * failed or diverged join the rest with their points: Optuna's constant liar, so a batch
 * does not propose the same region twice, and a region that diverged is not the best.
 * Optuna leaves failed trials out; here they count against their region.
 *
 * <p>Pure: the same trials, figures and random stream give the same candidates.
 */
final class TpeSampler {
    /** Optuna's n_ei_candidates. */
    static final int CANDIDATES = 24;
    /** Optuna's n_startup_trials. */
    static final int DEFAULT_STARTUP_TRIALS = 10;
    private static final int MOST_GOOD = 25;
    private static final int FLAT_WEIGHTS = 25;

    /**
     * A trial the sampler learns from, in trial order.
     *
     * @param figure the metric, NaN for a trial that failed, diverged or is still training
     */
    record Observation(double[] point, double figure) {
    }

    private final List<SearchDimension> dimensions;
    private final boolean lowerIsBetter;

    TpeSampler(List<SearchDimension> dimensions, boolean lowerIsBetter) {
        this.dimensions = List.copyOf(dimensions);
        this.lowerIsBetter = lowerIsBetter;
    }

    /** Optuna's default γ: how many of n finished trials form l(x). */
    static int goodCount(int finished) {
        return Math.min((int) Math.ceil(0.1 * finished), MOST_GOOD);
    }

    /** Optuna's default_weights(n): ones up to 25, then a ramp from 1/n over the oldest n - 25. */
    static double[] weights(int count) {
        double[] weights = new double[count];
        int ramp = Math.max(0, count - FLAT_WEIGHTS);
        for (int i = 0; i < count; i++) {
            if (i < ramp) {
                double start = 1.0 / count;
                weights[i] = ramp == 1 ? start : start + (1.0 - start) * i / (ramp - 1);
            } else {
                weights[i] = 1.0;
            }
        }
        return weights;
    }

    /**
     * The candidates drawn from l(x), best ratio first (ties in the order drawn).
     *
     * @param observed every trial so far in trial order: finished ones with their figure,
     *                 failed and still-training ones with NaN
     */
    List<double[]> candidates(List<Observation> observed, SplittableRandom random) {
        List<Integer> finished = new ArrayList<>();
        for (int i = 0; i < observed.size(); i++) {
            if (!Double.isNaN(observed.get(i).figure())) {
                finished.add(i);
            }
        }
        List<Integer> ranked = new ArrayList<>(finished);
        Comparator<Integer> byFigure = Comparator.comparingDouble(i -> observed.get(i).figure());
        ranked.sort(lowerIsBetter ? byFigure : byFigure.reversed()); // stable: equal figures keep trial order
        java.util.Set<Integer> good = new java.util.HashSet<>(ranked.subList(0, goodCount(finished.size())));
        List<double[]> goodPoints = new ArrayList<>();
        List<double[]> restPoints = new ArrayList<>();
        for (int i = 0; i < observed.size(); i++) {
            (good.contains(i) ? goodPoints : restPoints).add(observed.get(i).point());
        }
        ParzenEstimator best = estimator(goodPoints);
        ParzenEstimator rest = estimator(restPoints);
        List<double[]> candidates = new ArrayList<>();
        double[] ratios = new double[CANDIDATES];
        for (int c = 0; c < CANDIDATES; c++) {
            double[] point = best.sample(random);
            ratios[c] = best.logDensity(point) - rest.logDensity(point);
            candidates.add(point);
        }
        Integer[] order = new Integer[CANDIDATES];
        for (int c = 0; c < CANDIDATES; c++) {
            order[c] = c;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(ratios[b], ratios[a]));
        List<double[]> ordered = new ArrayList<>();
        for (int c : order) {
            ordered.add(candidates.get(c));
        }
        return ordered;
    }

    private ParzenEstimator estimator(List<double[]> points) {
        return new ParzenEstimator(dimensions, points.toArray(double[][]::new), weights(points.size()));
    }

    /** A point drawn uniformly (on the log scale for log_uniform), as a random start is. */
    double[] uniform(SplittableRandom random) {
        double[] point = new double[dimensions.size()];
        for (int d = 0; d < point.length; d++) {
            SearchDimension dimension = dimensions.get(d);
            double low = dimension.low();
            double high = dimension.high();
            point[d] = switch (dimension.kind()) {
                case CHOICE -> random.nextInt(dimension.choices().size());
                case INT_UNIFORM -> random.nextLong((long) low, (long) high + 1);
                case LOG_UNIFORM -> low == high ? low : StrictMath.exp(StrictMath.log(low)
                        + random.nextDouble() * (StrictMath.log(high) - StrictMath.log(low)));
                case UNIFORM -> low == high ? low : low + random.nextDouble() * (high - low);
            };
        }
        return point;
    }
}
