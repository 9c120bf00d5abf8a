package trainyard.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which swept settings mattered for a metric, by PED-ANOVA (Watanabe, Bansal and Hutter,
 * "PED-ANOVA: Efficiently Quantifying Hyperparameter Importance in Arbitrary Subspaces",
 * IJCAI 2023), the method Optuna Dashboard uses because it is fast: a setting matters as
 * much as the best trials (the top 10%, at least 2) concentrate in part of its range
 * compared with all trials, measured as the Pearson divergence between the two
 * distributions of its values. Numeric settings are compared on a grid of 100 points
 * through Gaussian kernel density estimates (Scott's bandwidth, on a log scale where the
 * setting was sampled log-uniformly), categorical ones through their value frequencies
 * (with one added to each count). The shares sum to 1; beside each numeric setting is
 * the sign of its Spearman correlation with the metric.
 *
 * <p>Deterministic: a function of the trials' values and figures alone, ties in the
 * ranking broken by the trials' order.
 */
final class ParameterImportance {
    static final double TOP_QUANTILE = 0.1;
    static final int MIN_TOP_TRIALS = 2;
    static final int GRID_POINTS = 100;

    /** One swept setting: its key, and whether its values are on a log scale. */
    record Setting(String key, boolean logScale) {
    }

    private ParameterImportance() {
    }

    /**
     * @param values one map of setting values per trial
     * @param figure the metric per trial, in the same order (finite)
     * @return per setting, most important first: key, share, and correlation (null for categorical ones)
     */
    static List<Map<String, Object>> of(List<Setting> settings, List<Map<String, Object>> values, double[] figure, boolean lowerIsBetter) {
        int n = figure.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Comparator<Integer> best = Comparator.comparingDouble(i -> lowerIsBetter ? figure[i] : -figure[i]);
        Arrays.sort(order, best.thenComparingInt(i -> i));
        int topCount = Math.min(n, Math.max(MIN_TOP_TRIALS, (int) Math.ceil(TOP_QUANTILE * n)));
        List<Integer> top = Arrays.asList(order).subList(0, topCount);

        double[] divergence = new double[settings.size()];
        Double[] correlation = new Double[settings.size()];
        for (int s = 0; s < settings.size(); s++) {
            Setting setting = settings.get(s);
            double[] numbers = numbers(setting, values);
            if (numbers != null) {
                divergence[s] = numericDivergence(numbers, top);
                correlation[s] = spearman(numbers, figure);
            } else {
                divergence[s] = categoricalDivergence(setting.key(), values, top);
            }
        }
        double total = Arrays.stream(divergence).sum();
        List<Map<String, Object>> result = new ArrayList<>();
        for (int s = 0; s < settings.size(); s++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", settings.get(s).key());
            entry.put("share", total > 0 ? divergence[s] / total : 0.0);
            entry.put("correlation", correlation[s]);
            result.add(entry);
        }
        result.sort(Comparator.comparingDouble((Map<String, Object> e) -> -(double) e.get("share")).thenComparing(e -> (String) e.get("key")));
        return result;
    }

    /** The metrics a sweep's importance is computed for: name → (run field, lower is better). */
    static final Map<String, Map.Entry<String, Boolean>> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("test_accuracy", Map.entry("test_accuracy", false));
        METRICS.put("best_val_accuracy", Map.entry("best_val_accuracy", false));
        METRICS.put("test_rmse", Map.entry("test_rmse", true)); // a regression's: only its runs have it
        METRICS.put("train_seconds", Map.entry("train_seconds", true));
    }

    /**
     * A halving sweep's figure at its first rung, which every trial reaches with the same
     * epochs (put on each run by {@link ReportData}): the one fair comparison of all its
     * trials, where only the last rung's few complete.
     */
    static final String FIRST_RUNG = "first_rung";

    /** Sweeps with fewer finished trials than this get no importance panel: the top 10% would be one or two trials. */
    static final int MIN_TRIALS = 8;

    /**
     * A sweep's importance for each metric (by name), over its completed trials; null with
     * fewer than {@link #MIN_TRIALS} of them or nothing swept.
     *
     * @param sweep     sweep.json as read: its `sweep` spec (grid keys, random or TPE space) and trials
     * @param runsById  the report's runs by "experiment/run_id"
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> forSweep(Map<String, Object> sweep, Map<String, Map<String, Object>> runsById) {
        Map<String, Object> spec = sweep.get("sweep") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Map<String, Object> grid = spec.get("grid") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        // A random search's space, or a TPE search's (the same syntax): its trials' values are what differs.
        Map<String, Object> random = spec.get("random") instanceof Map<?, ?> map ? (Map<String, Object>) map
                : spec.get("tpe") instanceof Map<?, ?> tpe ? (Map<String, Object>) tpe : Map.of();
        Map<String, Object> space = random.get("space") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        List<Setting> settings = new ArrayList<>();
        grid.keySet().forEach(key -> settings.add(new Setting(key, false)));
        space.forEach((key, distribution) -> settings.add(new Setting(key, distribution instanceof Map<?, ?> d && d.containsKey("log_uniform"))));
        if (settings.isEmpty() || !(sweep.get("trials") instanceof List<?> trials)) {
            return null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Map.Entry<String, Boolean>> metrics = new LinkedHashMap<>(METRICS);
        Map<String, Object> halving = spec.get("halving") instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        if (halving != null && halving.get("metric") instanceof String rungMetric) {
            metrics.put(FIRST_RUNG, Map.entry(FIRST_RUNG, !rungMetric.endsWith("accuracy"))); // losses and errors go down
        }
        for (Map.Entry<String, Map.Entry<String, Boolean>> metric : metrics.entrySet()) {
            boolean anyStatus = metric.getKey().equals(FIRST_RUNG); // pruned trials have it too
            List<Map<String, Object>> values = new ArrayList<>();
            List<Double> figures = new ArrayList<>();
            for (Object item : trials) {
                if (!(item instanceof Map<?, ?> trial) || !(trial.get("values") instanceof Map<?, ?> trialValues)) {
                    continue;
                }
                Map<String, Object> run = runsById.get(sweep.get("experiment") + "/" + trial.get("run_id"));
                if (run == null || !(anyStatus || "completed".equals(run.get("status"))) || !(run.get(metric.getValue().getKey()) instanceof Number figure)
                        || !Double.isFinite(figure.doubleValue()) || !trialValues.keySet().containsAll(settings.stream().map(Setting::key).toList())) {
                    continue;
                }
                values.add((Map<String, Object>) trialValues);
                figures.add(figure.doubleValue());
            }
            if (figures.size() >= MIN_TRIALS) {
                result.put(metric.getKey(), Map.of("trials", figures.size(),
                        "parameters", of(settings, values, figures.stream().mapToDouble(Double::doubleValue).toArray(), metric.getValue().getValue())));
            }
        }
        return result.isEmpty() ? null : result;
    }

    /** The setting's values as numbers (logarithms on a log scale), or null when any is not a number. */
    private static double[] numbers(Setting setting, List<Map<String, Object>> values) {
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            if (!(values.get(i).get(setting.key()) instanceof Number number)) {
                return null;
            }
            double value = number.doubleValue();
            numbers[i] = setting.logScale() && value > 0 ? Math.log10(value) : value;
        }
        return numbers;
    }

    /** Σ over the grid of p_all · (p_top / p_all - 1)², both densities normalised on the grid. */
    private static double numericDivergence(double[] numbers, List<Integer> top) {
        double low = Arrays.stream(numbers).min().orElse(0);
        double high = Arrays.stream(numbers).max().orElse(0);
        if (high <= low) {
            return 0;
        }
        double[] topValues = top.stream().mapToDouble(i -> numbers[i]).toArray();
        double[] all = density(numbers, low, high);
        double[] best = density(topValues, low, high);
        double divergence = 0;
        for (int g = 0; g < GRID_POINTS; g++) {
            double ratio = best[g] / all[g];
            divergence += all[g] * (ratio - 1) * (ratio - 1);
        }
        return divergence;
    }

    /** A Gaussian KDE on the grid over [low, high], normalised to sum 1; Scott's bandwidth, at least 1/20 of the range. */
    private static double[] density(double[] sample, double low, double high) {
        double mean = Arrays.stream(sample).average().orElse(0);
        double variance = Arrays.stream(sample).map(v -> (v - mean) * (v - mean)).sum() / sample.length;
        double bandwidth = Math.max(1.06 * Math.sqrt(variance) * Math.pow(sample.length, -0.2), (high - low) / 20);
        double[] density = new double[GRID_POINTS];
        double sum = 0;
        for (int g = 0; g < GRID_POINTS; g++) {
            double x = low + (high - low) * g / (GRID_POINTS - 1);
            for (double v : sample) {
                double z = (x - v) / bandwidth;
                density[g] += Math.exp(-0.5 * z * z);
            }
            sum += density[g];
        }
        for (int g = 0; g < GRID_POINTS; g++) {
            density[g] /= sum;
        }
        return density;
    }

    private static double categoricalDivergence(String key, List<Map<String, Object>> values, List<Integer> top) {
        Map<String, double[]> counts = new LinkedHashMap<>(); // value -> {all, top}
        for (Map<String, Object> trial : values) {
            counts.computeIfAbsent(String.valueOf(trial.get(key)), v -> new double[] {1, 1})[0]++;
        }
        for (int i : top) {
            counts.get(String.valueOf(values.get(i).get(key)))[1]++;
        }
        double allTotal = counts.values().stream().mapToDouble(c -> c[0]).sum();
        double topTotal = counts.values().stream().mapToDouble(c -> c[1]).sum();
        double divergence = 0;
        for (double[] count : counts.values()) {
            double all = count[0] / allTotal;
            double ratio = (count[1] / topTotal) / all;
            divergence += all * (ratio - 1) * (ratio - 1);
        }
        return counts.size() < 2 ? 0 : divergence;
    }

    /** Spearman's rank correlation (average ranks for ties); 0 when either side is constant. */
    static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElse(0);
        double my = Arrays.stream(ry).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        for (int start = 0; start < order.length; ) {
            int end = start;
            while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = (start + end) / 2.0 + 1;
            }
            start = end + 1;
        }
        return ranks;
    }
}
